// SPDX-License-Identifier: MIT
#include "windowcommand.h"

#include "cliapp.h"
#include "clicontext.h"
#include "desktopapp.h"
#include "desktopsettings.h"
#include "settings/appsettings.h"
#include "translationloader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QStandardPaths>

int WindowCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Open the AgentMeter window: live ingest of every source, the dashboard, sessions, traces, "
        "activity, budgets in the tray, and the local API."));
    parser.addHelpOption();
    CliContext::addStoreOptions(parser);
    CliContext::addSourceOptions(parser);
    parser.addOption(
        { QStringLiteral("demo"), QStringLiteral("Show generated demo logs even if real logs exist.") });
    parser.addOption({ QStringLiteral("demo-if-empty"),
        QStringLiteral("When there are no agent logs and no stored sessions, show generated demo logs "
                       "without asking (scripts/run.sh). Default: offer them on a first-run page.") });
    parser.addOption({ QStringLiteral("no-api"), QStringLiteral("Do not start the local API server.") });
    if (!parser.parse(arguments)) {
        err() << QStringLiteral("agentmeter window: %1\n").arg(parser.errorText()) << Qt::flush;
        return CliApp::BadArguments;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("window [options]"))
              << Qt::flush;
        return CliApp::Ok;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err() << QStringLiteral("agentmeter window: unexpected argument '%1'\n")
                     .arg(parser.positionalArguments().first())
              << Qt::flush;
        return CliApp::BadArguments;
    }

    AppSettings settings;
    TranslationLoader::install(TranslationLoader::locale(settings.language()));
    const auto configure = [&parser, &settings](CliContext& context, QString* error) {
        return DesktopSettings::configure(context, parser, settings, error);
    };
    auto context = std::make_unique<CliContext>();
    QString error;
    if (const int code = configure(*context, &error)) {
        err() << QStringLiteral("agentmeter window: %1\n").arg(error) << Qt::flush;
        // Started from a desktop menu, nobody reads stderr.
        QMessageBox::critical(
            nullptr, QApplication::translate("WindowCommand", "AgentMeter cannot start"), error);
        return code;
    }
    const bool forcedDemo = parser.isSet(QStringLiteral("demo"));
    if (forcedDemo || parser.isSet(QStringLiteral("demo-if-empty"))) {
        if (const int code = context->useDemoDataUnlessLogs(forcedDemo, &error)) {
            err() << QStringLiteral("agentmeter window: %1\n").arg(error) << Qt::flush;
            return code;
        }
    }
    DesktopApp::Options options;
    options.noApi = parser.isSet(QStringLiteral("no-api"));
    options.forcedDemo = forcedDemo;
    options.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    options.configure = configure;
    DesktopApp app(std::move(context), settings, options);
    app.start();
    return QApplication::exec() == 0 ? CliApp::Ok : CliApp::Failed;
}
