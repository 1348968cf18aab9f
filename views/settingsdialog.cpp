// SPDX-License-Identifier: MIT
#include "settingsdialog.h"

#include "budgeteditor.h"
#include "ingest/rootpaths.h"
#include "ingest/sourceset.h"
#include "pricing/pricebook.h"
#include "settings/appsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QTabWidget>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimeZone>

namespace {
QString sourceTitle(const QString& source)
{
    if (source == QLatin1String("claude"))
        return SettingsDialog::tr("Claude Code");
    if (source == QLatin1String("codex"))
        return SettingsDialog::tr("Codex");
    if (source == QLatin1String("opencode"))
        return SettingsDialog::tr("OpenCode");
    if (source == QLatin1String("openclaw"))
        return SettingsDialog::tr("OpenClaw");
    if (source == QLatin1String("gemini"))
        return SettingsDialog::tr("Gemini CLI");
    return source;
}

QLabel* errorLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("QLabel { color: #b02a37; }"));
    label->hide();
    return label;
}

void showProblem(QLabel* label, const QString& problem)
{
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
}

QLabel* hint(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setEnabled(false); // greyed: an explanation, not a value
    return label;
}

// Roots are edited as one comma-separated line, the form the --<source>-dir options take.
QString joinRoots(const QStringList& roots)
{
    return roots.join(QStringLiteral(", "));
}
} // namespace

SettingsDialog::SettingsDialog(AppSettings& settings, Context context, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_context(std::move(context))
{
    setWindowTitle(tr("AgentMeter Settings"));
    auto* layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(buildSourcesTab(), tr("Sources"));
    m_budgets = new BudgetEditor(m_settings, m_tabs);
    m_tabs->addTab(m_budgets, tr("Budgets"));
    m_tabs->addTab(buildApiTab(), tr("API"));
    m_tabs->addTab(buildPricingTab(), tr("Pricing"));
    m_tabs->addTab(buildTimeZoneTab(), tr("Time Zone"));
    m_tabs->addTab(buildPrivacyTab(), tr("Privacy"));
    m_tabs->addTab(buildWindowTab(), tr("Window"));
    layout->addWidget(m_tabs);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(buttons);
    load();
}

SettingsDialog::~SettingsDialog() = default;

QWidget* SettingsDialog::buildSourcesTab()
{
    auto* page = new QWidget(this);
    auto* grid = new QGridLayout(page);
    grid->addWidget(hint(tr("Each source reads the folders listed here, separated by commas. Left empty, it "
                            "reads the folders shown greyed, which AgentMeter detected."),
                        page),
        0, 0, 1, 4);
    int row = 1;
    for (const QString& source : SourceSet::names()) {
        SourceRow fields;
        fields.enabled = new QCheckBox(sourceTitle(source), page);
        fields.enabled->setObjectName(QStringLiteral("sourceEnabled_") + source);
        fields.roots = new QLineEdit(page);
        fields.roots->setObjectName(QStringLiteral("sourceRoots_") + source);
        fields.roots->setPlaceholderText(joinRoots(m_context.detectedRoots.value(source)));
        fields.roots->setToolTip(tr("Detected: %1").arg(joinRoots(m_context.detectedRoots.value(source))));
        auto* browse = new QPushButton(tr("Browse…"), page);
        QLineEdit* roots = fields.roots;
        connect(browse, &QPushButton::clicked, this, [this, roots] {
            const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a folder"));
            if (folder.isEmpty())
                return;
            QStringList list = RootPaths::splitList(roots->text());
            list.append(folder);
            roots->setText(joinRoots(list));
        });
        auto* reset = new QPushButton(tr("Defaults"), page);
        reset->setToolTip(tr("Read the detected folders again"));
        connect(reset, &QPushButton::clicked, roots, &QLineEdit::clear);
        connect(fields.enabled, &QCheckBox::toggled, roots, &QLineEdit::setEnabled);
        grid->addWidget(fields.enabled, row, 0);
        grid->addWidget(fields.roots, row, 1);
        grid->addWidget(browse, row, 2);
        grid->addWidget(reset, row, 3);
        m_sources.insert(source, fields);
        ++row;
    }
    m_database = new QLineEdit(page);
    m_database->setObjectName(QStringLiteral("databasePath"));
    m_database->setPlaceholderText(m_context.defaultDatabasePath);
    auto* browseDatabase = new QPushButton(tr("Browse…"), page);
    connect(browseDatabase, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Database file"), m_database->text(),
            tr("SQLite databases (*.db)"), nullptr, QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty())
            m_database->setText(file);
    });
    grid->addWidget(new QLabel(tr("Database file:"), page), row, 0);
    grid->addWidget(m_database, row, 1);
    grid->addWidget(browseDatabase, row, 2);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(row + 1, 1);
    return page;
}

QWidget* SettingsDialog::buildApiTab()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_apiEnabled = new QCheckBox(tr("Serve the local REST and event API while the window runs"), page);
    m_apiEnabled->setObjectName(QStringLiteral("apiEnabled"));
    form->addRow(m_apiEnabled);
    m_apiBind = new QLineEdit(page);
    m_apiBind->setObjectName(QStringLiteral("apiBind"));
    m_apiBind->setPlaceholderText(QStringLiteral("127.0.0.1"));
    form->addRow(tr("Listen on address:"), m_apiBind);
    m_apiPort = new QSpinBox(page);
    m_apiPort->setObjectName(QStringLiteral("apiPort"));
    m_apiPort->setRange(1, 65535);
    form->addRow(tr("Port:"), m_apiPort);
    m_apiToken = new QLineEdit(page);
    m_apiToken->setObjectName(QStringLiteral("apiToken"));
    auto* generate = new QPushButton(tr("Generate"), page);
    generate->setObjectName(QStringLiteral("generateToken"));
    connect(generate, &QPushButton::clicked, this, [this] {
        QByteArray bytes(24, Qt::Uninitialized);
        QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
        m_apiToken->setText(QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding)));
    });
    auto* tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_apiToken);
    tokenRow->addWidget(generate);
    form->addRow(tr("Token:"), tokenRow);
    form->addRow(hint(tr("With a token, every request needs the header 'Authorization: Bearer <token>'. "
                         "An address other than loopback (127.0.0.1, ::1) needs one."),
        page));
    m_apiError = errorLabel(QStringLiteral("apiError"), page);
    form->addRow(m_apiError);
    for (QLineEdit* edit : { m_apiBind, m_apiToken })
        connect(edit, &QLineEdit::editingFinished, this, [this] { showProblem(m_apiError, apiProblem()); });
    return page;
}

QWidget* SettingsDialog::buildPricingTab()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_costMode = new QComboBox(page);
    m_costMode->setObjectName(QStringLiteral("costMode"));
    m_costMode->addItem(tr("Auto: the agent's logged cost, else calculated"), QStringLiteral("auto"));
    m_costMode->addItem(tr("Calculate: always from tokens and prices"), QStringLiteral("calculate"));
    m_costMode->addItem(tr("Display: only costs the agents logged"), QStringLiteral("display"));
    form->addRow(tr("Cost mode:"), m_costMode);
    m_overrides = new QLineEdit(page);
    m_overrides->setObjectName(QStringLiteral("priceOverrides"));
    m_overrides->setPlaceholderText(tr("none"));
    auto* browse = new QPushButton(tr("Browse…"), page);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Price overrides"), m_overrides->text(), tr("JSON files (*.json)"));
        if (!file.isEmpty()) {
            m_overrides->setText(file);
            showProblem(m_overridesError, overridesProblem());
        }
    });
    auto* overridesRow = new QHBoxLayout;
    overridesRow->addWidget(m_overrides);
    overridesRow->addWidget(browse);
    form->addRow(tr("Price overrides file:"), overridesRow);
    m_overridesError = errorLabel(QStringLiteral("priceOverridesError"), page);
    form->addRow(m_overridesError);
    connect(m_overrides, &QLineEdit::editingFinished, this,
        [this] { showProblem(m_overridesError, overridesProblem()); });
    m_refresh = new QPushButton(tr("Refresh prices from upstream now"), page);
    m_refresh->setObjectName(QStringLiteral("refreshPrices"));
    m_refresh->setEnabled(bool(m_context.refreshPrices));
    connect(m_refresh, &QPushButton::clicked, this, &SettingsDialog::refreshPrices);
    form->addRow(m_refresh);
    m_refreshStatus = new QLabel(page);
    m_refreshStatus->setObjectName(QStringLiteral("refreshStatus"));
    m_refreshStatus->setWordWrap(true);
    form->addRow(m_refreshStatus);
    return page;
}

QWidget* SettingsDialog::buildTimeZoneTab()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_timeZone = new QComboBox(page);
    m_timeZone->setObjectName(QStringLiteral("timeZone"));
    m_timeZone->addItem(tr("System (%1)").arg(QString::fromUtf8(QTimeZone::systemTimeZoneId())), QString());
    for (const QByteArray& id : QTimeZone::availableTimeZoneIds())
        m_timeZone->addItem(QString::fromUtf8(id), QString::fromUtf8(id));
    form->addRow(tr("Time zone:"), m_timeZone);
    form->addRow(
        hint(tr("Where days begin and end: \"today\", daily charts, and the API's daily figures."), page));
    return page;
}

QWidget* SettingsDialog::buildPrivacyTab()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_storeContent = new QCheckBox(tr("Store the text of prompts and messages"), page);
    m_storeContent->setObjectName(QStringLiteral("storeContent"));
    form->addRow(m_storeContent);
    form->addRow(hint(tr("Off: AgentMeter keeps only lengths and counts of what is read from now on. Text "
                         "already stored stays in the database."),
        page));
    return page;
}

QWidget* SettingsDialog::buildWindowTab()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_closeToTray = new QCheckBox(tr("Closing the window keeps AgentMeter running in the tray"), page);
    m_closeToTray->setObjectName(QStringLiteral("closeToTray"));
    form->addRow(m_closeToTray);
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    form->addRow(tr("Language:"), m_language);
    form->addRow(hint(tr("A new language applies when AgentMeter starts again."), page));
    return page;
}

void SettingsDialog::load()
{
    for (auto it = m_sources.cbegin(); it != m_sources.cend(); ++it) {
        it->enabled->setChecked(m_settings.sourceEnabled(it.key()));
        it->roots->setEnabled(it->enabled->isChecked());
        it->roots->setText(joinRoots(m_settings.sourceRoots(it.key())));
    }
    m_database->setText(m_settings.databasePath());
    m_apiEnabled->setChecked(m_settings.apiEnabled());
    m_apiBind->setText(m_settings.apiBind());
    m_apiPort->setValue(m_settings.apiPort());
    m_apiToken->setText(m_settings.apiToken());
    m_costMode->setCurrentIndex(qMax(0, m_costMode->findData(m_settings.costMode())));
    m_overrides->setText(m_settings.priceOverridesPath());
    const QString zone = m_settings.timeZone();
    if (m_timeZone->findData(zone) < 0)
        m_timeZone->addItem(zone, zone); // a zone this system does not list is kept, not dropped
    m_timeZone->setCurrentIndex(m_timeZone->findData(zone));
    m_storeContent->setChecked(m_settings.storeContent());
    m_closeToTray->setChecked(m_settings.closeToTray());
    m_language->setCurrentIndex(qMax(0, m_language->findData(m_settings.language())));
}

void SettingsDialog::save()
{
    m_budgets->save();
    for (auto it = m_sources.cbegin(); it != m_sources.cend(); ++it) {
        m_settings.setSourceEnabled(it.key(), it->enabled->isChecked());
        m_settings.setSourceRoots(it.key(), RootPaths::splitList(it->roots->text()));
    }
    m_settings.setDatabasePath(m_database->text().trimmed());
    m_settings.setApiEnabled(m_apiEnabled->isChecked());
    m_settings.setApiBind(m_apiBind->text().trimmed());
    m_settings.setApiPort(m_apiPort->value());
    m_settings.setApiToken(m_apiToken->text().trimmed());
    m_settings.setCostMode(m_costMode->currentData().toString());
    m_settings.setPriceOverridesPath(m_overrides->text().trimmed());
    m_settings.setTimeZone(m_timeZone->currentData().toString());
    m_settings.setStoreContent(m_storeContent->isChecked());
    m_settings.setCloseToTray(m_closeToTray->isChecked());
    m_settings.setLanguage(m_language->currentData().toString());
    m_settings.sync();
}

QString SettingsDialog::apiProblem() const
{
    const QHostAddress address(m_apiBind->text().trimmed());
    if (address.isNull())
        return tr("The address must be an IP address, such as 127.0.0.1.");
    if (!address.isLoopback() && m_apiToken->text().trimmed().isEmpty())
        return tr("Listening on %1 exposes your usage data beyond this machine: set a token.")
            .arg(address.toString());
    return {};
}

QString SettingsDialog::overridesProblem() const
{
    const QString path = m_overrides->text().trimmed();
    if (path.isEmpty())
        return {};
    // The same loader the services use, so a file accepted here is one they accept.
    PriceBook book;
    QString error;
    if (!book.loadOverridesFile(path, &error))
        return tr("Unusable price overrides: %1").arg(error);
    return {};
}

bool SettingsDialog::validate()
{
    const QString api = apiProblem();
    const QString overrides = overridesProblem();
    showProblem(m_apiError, api);
    showProblem(m_overridesError, overrides);
    if (!api.isEmpty())
        showTab(ApiTab);
    else if (!overrides.isEmpty())
        showTab(PricingTab);
    return api.isEmpty() && overrides.isEmpty();
}

void SettingsDialog::accept()
{
    if (!validate())
        return;
    save();
    QDialog::accept();
}

void SettingsDialog::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void SettingsDialog::refreshPrices()
{
    m_refresh->setEnabled(false);
    m_refreshStatus->setText(tr("Fetching prices…"));
    // The watcher is a child: closing the dialog drops the result, the fetch itself runs to its end.
    auto* watcher = new QFutureWatcher<PriceRefresh>(this);
    connect(watcher, &QFutureWatcher<PriceRefresh>::finished, this, [this, watcher] {
        const PriceRefresh result = watcher->result();
        watcher->deleteLater();
        m_pricesRefreshed = m_pricesRefreshed || result.ok;
        m_refreshStatus->setText(result.message);
        m_refresh->setEnabled(true);
        Q_EMIT priceRefreshFinished(result.ok, result.message);
    });
    watcher->setFuture(QtConcurrent::run(m_context.refreshPrices));
}
