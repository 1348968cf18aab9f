// SPDX-License-Identifier: MIT
#include "settings/appsettings.h"
#include "budgeteditor.h"
#include "budgets/budgetstore.h"
#include "settingsdialog.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void valuesLoadFromTheSettingsFile();
    void editsAreSavedOnAccept();
    void cancelWritesNothing();
    void apiProblemsBlockOk_data();
    void apiProblemsBlockOk();
    void unusableOverridesFileShowsAnError_data();
    void unusableOverridesFileShowsAnError();
    void usableOverridesFileIsAccepted();
    void priceRefreshShowsItsResult();

private:
    template <typename T> static T* field(const SettingsDialog& dialog, const char* name)
    {
        T* widget = dialog.findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no field %s", name);
        return widget;
    }
    static SettingsDialog::Context context();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("agentmeter.conf"));
}

SettingsDialog::Context TestSettingsDialog::context()
{
    SettingsDialog::Context context;
    context.detectedRoots.insert(QStringLiteral("claude"), { QStringLiteral("/home/u/.claude") });
    context.defaultDatabasePath = QStringLiteral("/home/u/.local/share/agentmeter/agentmeter.db");
    return context;
}

void TestSettingsDialog::valuesLoadFromTheSettingsFile()
{
    {
        AppSettings settings(m_path);
        settings.setSourceEnabled(QStringLiteral("gemini"), false);
        settings.setSourceRoots(QStringLiteral("codex"), { QStringLiteral("/a"), QStringLiteral("/b") });
        settings.setApiBind(QStringLiteral("0.0.0.0"));
        settings.setApiPort(9100);
        settings.setApiToken(QStringLiteral("secret"));
        settings.setCostMode(QStringLiteral("display"));
        settings.setTimeZone(QStringLiteral("Europe/Berlin"));
        settings.setStoreContent(false);
        settings.setCloseToTray(false);
        settings.setLanguage(QStringLiteral("de"));
    }
    AppSettings settings(m_path);
    const SettingsDialog dialog(settings, context());
    QVERIFY(!field<QCheckBox>(dialog, "sourceEnabled_gemini")->isChecked());
    QVERIFY(field<QCheckBox>(dialog, "sourceEnabled_claude")->isChecked());
    QCOMPARE(field<QLineEdit>(dialog, "sourceRoots_codex")->text(), QStringLiteral("/a, /b"));
    // No roots set: the detected ones are the hint.
    QCOMPARE(field<QLineEdit>(dialog, "sourceRoots_claude")->text(), QString());
    QCOMPARE(
        field<QLineEdit>(dialog, "sourceRoots_claude")->placeholderText(), QStringLiteral("/home/u/.claude"));
    QCOMPARE(field<QLineEdit>(dialog, "databasePath")->placeholderText(),
        QStringLiteral("/home/u/.local/share/agentmeter/agentmeter.db"));
    QCOMPARE(field<QLineEdit>(dialog, "apiBind")->text(), QStringLiteral("0.0.0.0"));
    QCOMPARE(field<QSpinBox>(dialog, "apiPort")->value(), 9100);
    QCOMPARE(field<QLineEdit>(dialog, "apiToken")->text(), QStringLiteral("secret"));
    QCOMPARE(field<QComboBox>(dialog, "costMode")->currentData().toString(), QStringLiteral("display"));
    QCOMPARE(field<QComboBox>(dialog, "timeZone")->currentData().toString(), QStringLiteral("Europe/Berlin"));
    QVERIFY(!field<QCheckBox>(dialog, "storeContent")->isChecked());
    QVERIFY(!field<QCheckBox>(dialog, "closeToTray")->isChecked());
    QCOMPARE(field<QComboBox>(dialog, "language")->currentData().toString(), QStringLiteral("de"));
    QVERIFY(!field<QPushButton>(dialog, "refreshPrices")->isEnabled()); // no fetcher given
}

void TestSettingsDialog::editsAreSavedOnAccept()
{
    {
        AppSettings settings(m_path);
        SettingsDialog dialog(settings, context());
        field<QCheckBox>(dialog, "sourceEnabled_opencode")->setChecked(false);
        field<QLineEdit>(dialog, "sourceRoots_claude")->setText(QStringLiteral("/x/claude, /y/claude"));
        field<QLineEdit>(dialog, "databasePath")->setText(QStringLiteral("/x/usage.db"));
        field<QCheckBox>(dialog, "apiEnabled")->setChecked(false);
        field<QSpinBox>(dialog, "apiPort")->setValue(9999);
        field<QPushButton>(dialog, "generateToken")->click();
        QVERIFY(field<QLineEdit>(dialog, "apiToken")->text().size() >= 32);
        auto* costMode = field<QComboBox>(dialog, "costMode");
        QVERIFY(costMode->isEnabled());
        costMode->setCurrentIndex(costMode->findData(QStringLiteral("calculate")));
        auto* zone = field<QComboBox>(dialog, "timeZone");
        zone->setCurrentIndex(zone->findData(QStringLiteral("Asia/Tokyo")));
        field<QCheckBox>(dialog, "storeContent")->setChecked(false);
        auto* language = field<QComboBox>(dialog, "language");
        language->setCurrentIndex(language->findData(QStringLiteral("en")));
        // The Budgets tab is the budget editor, saved with the rest.
        auto* budgets = dialog.findChild<BudgetEditor*>();
        QVERIFY(budgets);
        QTest::mouseClick(budgets->findChild<QPushButton*>(QStringLiteral("addBudget")), Qt::LeftButton);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    const AppSettings saved(m_path); // a fresh reader sees what was written to the file
    QVERIFY(!saved.sourceEnabled(QStringLiteral("opencode")));
    QVERIFY(saved.sourceEnabled(QStringLiteral("claude")));
    QCOMPARE(saved.sourceRoots(QStringLiteral("claude")),
        (QStringList { QStringLiteral("/x/claude"), QStringLiteral("/y/claude") }));
    QVERIFY(saved.sourceRoots(QStringLiteral("codex")).isEmpty());
    QCOMPARE(saved.databasePath(), QStringLiteral("/x/usage.db"));
    QVERIFY(!saved.apiEnabled());
    QCOMPARE(saved.apiPort(), 9999);
    QVERIFY(saved.apiToken().size() >= 32);
    QCOMPARE(saved.costMode(), QStringLiteral("calculate"));
    QCOMPARE(saved.timeZone(), QStringLiteral("Asia/Tokyo"));
    QVERIFY(!saved.storeContent());
    QCOMPARE(saved.language(), QStringLiteral("en"));
    AppSettings reread(m_path);
    QCOMPARE(BudgetStore(reread).budgets().size(), 1);
}

void TestSettingsDialog::cancelWritesNothing()
{
    {
        AppSettings settings(m_path);
        SettingsDialog dialog(settings, context());
        field<QSpinBox>(dialog, "apiPort")->setValue(9999);
        dialog.reject();
    }
    QCOMPARE(AppSettings(m_path).apiPort(), 8765);
}

void TestSettingsDialog::apiProblemsBlockOk_data()
{
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("problem"); // empty: OK closes the dialog
    QTest::newRow("loopback without token") << QStringLiteral("127.0.0.1") << QString() << QString();
    QTest::newRow("ipv6 loopback") << QStringLiteral("::1") << QString() << QString();
    QTest::newRow("all interfaces without token")
        << QStringLiteral("0.0.0.0") << QString() << QStringLiteral("set a token");
    QTest::newRow("all interfaces with token")
        << QStringLiteral("0.0.0.0") << QStringLiteral("t0k3n") << QString();
    QTest::newRow("lan address, blank token")
        << QStringLiteral("192.168.1.20") << QStringLiteral("   ") << QStringLiteral("set a token");
    QTest::newRow("host name") << QStringLiteral("localhost") << QString() << QStringLiteral("IP address");
}

void TestSettingsDialog::apiProblemsBlockOk()
{
    QFETCH(QString, bind);
    QFETCH(QString, token);
    QFETCH(QString, problem);
    AppSettings settings(m_path);
    SettingsDialog dialog(settings, context());
    field<QLineEdit>(dialog, "apiBind")->setText(bind);
    field<QLineEdit>(dialog, "apiToken")->setText(token);
    dialog.accept();
    auto* error = field<QLabel>(dialog, "apiError");
    if (problem.isEmpty()) {
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(error->isHidden());
        QCOMPARE(AppSettings(m_path).apiBind(), bind);
        return;
    }
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(problem), qPrintable(error->text()));
    QCOMPARE(dialog.findChild<QTabWidget*>()->currentIndex(), int(SettingsDialog::ApiTab));
    QCOMPARE(AppSettings(m_path).apiBind(), QStringLiteral("127.0.0.1")); // nothing written
}

void TestSettingsDialog::unusableOverridesFileShowsAnError_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: the file does not exist
    QTest::newRow("missing") << QByteArray();
    QTest::newRow("not json") << QByteArray("{ not json");
}

void TestSettingsDialog::unusableOverridesFileShowsAnError()
{
    QFETCH(QByteArray, content);
    const QString overrides = m_dir->filePath(QStringLiteral("overrides.json"));
    if (!content.isEmpty())
        TestSupport::writeFile(overrides, content);
    AppSettings settings(m_path);
    SettingsDialog dialog(settings, context());
    field<QLineEdit>(dialog, "priceOverrides")->setText(overrides);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    auto* error = field<QLabel>(dialog, "priceOverridesError");
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(overrides), qPrintable(error->text()));
    QCOMPARE(dialog.findChild<QTabWidget*>()->currentIndex(), int(SettingsDialog::PricingTab));
    QVERIFY(AppSettings(m_path).priceOverridesPath().isEmpty());
}

void TestSettingsDialog::usableOverridesFileIsAccepted()
{
    const QString overrides = m_dir->filePath(QStringLiteral("overrides.json"));
    TestSupport::writeFile(overrides, "{}");
    AppSettings settings(m_path);
    SettingsDialog dialog(settings, context());
    field<QLineEdit>(dialog, "priceOverrides")->setText(overrides);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(AppSettings(m_path).priceOverridesPath(), overrides);
}

void TestSettingsDialog::priceRefreshShowsItsResult()
{
    AppSettings settings(m_path);
    SettingsDialog::Context withFetcher = context();
    // Stands in for the network: the dialog's part is running it off the GUI thread and showing the answer.
    withFetcher.refreshPrices = [] {
        return SettingsDialog::PriceRefresh { true, QStringLiteral("Fetched 7 models") };
    };
    SettingsDialog dialog(settings, withFetcher);
    QVERIFY(!dialog.pricesRefreshed());
    QSignalSpy finished(&dialog, &SettingsDialog::priceRefreshFinished);
    auto* button = field<QPushButton>(dialog, "refreshPrices");
    QVERIFY(button->isEnabled());
    button->click();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(0).toBool(), true);
    QCOMPARE(field<QLabel>(dialog, "refreshStatus")->text(), QStringLiteral("Fetched 7 models"));
    QVERIFY(dialog.pricesRefreshed());
    QVERIFY(button->isEnabled());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
