// SPDX-License-Identifier: MIT
#include "desktopsettings.h"

#include "settings/appsettings.h"

#include <QCoreApplication>

SourceSet::Config DesktopSettings::sources(const AppSettings& settings, SourceSet::Config fromCommandLine)
{
    SourceSet::Config config = std::move(fromCommandLine);
    for (const QString& source : SourceSet::names()) {
        if (config.roots.contains(source))
            continue;
        if (!settings.sourceEnabled(source)) {
            config.disabled.append(source);
            continue;
        }
        const QStringList roots = settings.sourceRoots(source);
        if (!roots.isEmpty())
            config.roots.insert(source, roots);
    }
    // Privacy: either side saying "no text" is enough.
    config.options.storeContent = config.options.storeContent && settings.storeContent();
    return config;
}

CliContext::Preferred DesktopSettings::preferred(const AppSettings& settings)
{
    return { settings.databasePath(), settings.priceOverridesPath() };
}

int DesktopSettings::configure(
    CliContext& context, const QCommandLineParser& parser, const AppSettings& settings, QString* error)
{
    context.setPreferred(preferred(settings));
    if (const int code = context.configure(parser, error))
        return code;
    context.setSourceConfig(sources(settings, context.sourceConfig()));
    return 0;
}

std::optional<ServerConfig> DesktopSettings::server(const AppSettings& settings, QString* error)
{
    error->clear();
    if (!settings.apiEnabled())
        return std::nullopt;
    ServerConfig config;
    if (!config.bind.setAddress(settings.apiBind())) {
        *error = QCoreApplication::translate(
            "DesktopSettings", "The API bind address '%1' is not an IP address.")
                     .arg(settings.apiBind());
        return std::nullopt;
    }
    const int port = settings.apiPort();
    if (port < 1 || port > 65535) {
        *error = QCoreApplication::translate("DesktopSettings", "The API port %1 is not from 1 to 65535.")
                     .arg(port);
        return std::nullopt;
    }
    config.port = quint16(port);
    config.token = settings.apiToken();
    if (!config.isLoopback() && config.token.isEmpty()) {
        *error = QCoreApplication::translate("DesktopSettings",
            "Binding the API to %1 exposes your usage data beyond this machine; it needs a token.")
                     .arg(config.bind.toString());
        return std::nullopt;
    }
    config.timeZone = timeZone(settings);
    return config;
}

QTimeZone DesktopSettings::timeZone(const AppSettings& settings)
{
    const QTimeZone zone(settings.timeZone().toUtf8());
    return settings.timeZone().isEmpty() || !zone.isValid() ? QTimeZone::systemTimeZone() : zone;
}

ReportOptions::CostMode DesktopSettings::costMode(const AppSettings& settings)
{
    const QString mode = settings.costMode();
    if (mode == QLatin1String("calculate"))
        return ReportOptions::CostMode::Calculate;
    if (mode == QLatin1String("display"))
        return ReportOptions::CostMode::Display;
    return ReportOptions::CostMode::Auto;
}
