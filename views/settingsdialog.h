// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <QDialog>
#include <QHash>
#include <QStringList>

class AppSettings;
class BudgetEditor;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

// The window's settings (issue 5): sources, budgets, the API server, pricing, time zone, privacy and
// the window itself. Reads AppSettings when built and writes them on OK, which is refused while a
// field is invalid (its error is shown next to it). Builds without I/O beyond reading the settings, so
// that tests can drive it: what needs the file system or the network comes in through Context.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    enum Tab
    {
        SourcesTab,
        BudgetsTab,
        ApiTab,
        PricingTab,
        TimeZoneTab,
        PrivacyTab,
        WindowTab,
        TabCount
    };

    struct PriceRefresh
    {
        bool ok = false;
        QString message; // what was fetched, or why it failed
    };

    struct Context
    {
        QHash<QString, QStringList> detectedRoots; // source name -> the roots read when none are set
        QString defaultDatabasePath; // used when the database setting is empty
        // Fetches the newest prices from upstream; blocks, so it runs on a worker thread. Empty: the
        // refresh button is disabled.
        std::function<PriceRefresh()> refreshPrices;
    };

    SettingsDialog(AppSettings& settings, Context context, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    void showTab(Tab tab);
    // Whether a refresh fetched new prices while the dialog was open (they apply even on Cancel).
    bool pricesRefreshed() const { return m_pricesRefreshed; }

    // Validates every field; true (and the settings written) when all are valid.
    void accept() override;

Q_SIGNALS:
    void priceRefreshFinished(bool ok, const QString& message);

private:
    struct SourceRow
    {
        QCheckBox* enabled = nullptr;
        QLineEdit* roots = nullptr;
    };

    QWidget* buildSourcesTab();
    QWidget* buildApiTab();
    QWidget* buildPricingTab();
    QWidget* buildTimeZoneTab();
    QWidget* buildPrivacyTab();
    QWidget* buildWindowTab();
    void load();
    void save();
    // Each returns the problem shown next to its field, or an empty string.
    QString apiProblem() const;
    QString overridesProblem() const;
    bool validate(); // shows every problem; switches to the first tab that has one
    void refreshPrices();

    AppSettings& m_settings;
    Context m_context;
    QTabWidget* m_tabs = nullptr;
    BudgetEditor* m_budgets = nullptr;
    QHash<QString, SourceRow> m_sources;
    QLineEdit* m_database = nullptr;
    QCheckBox* m_apiEnabled = nullptr;
    QLineEdit* m_apiBind = nullptr;
    QSpinBox* m_apiPort = nullptr;
    QLineEdit* m_apiToken = nullptr;
    QLabel* m_apiError = nullptr;
    QComboBox* m_costMode = nullptr;
    QLineEdit* m_overrides = nullptr;
    QLabel* m_overridesError = nullptr;
    QPushButton* m_refresh = nullptr;
    QLabel* m_refreshStatus = nullptr;
    QComboBox* m_timeZone = nullptr;
    QCheckBox* m_storeContent = nullptr;
    QCheckBox* m_closeToTray = nullptr;
    QComboBox* m_language = nullptr;
    bool m_pricesRefreshed = false;
};
