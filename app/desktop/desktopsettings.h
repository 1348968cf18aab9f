// SPDX-License-Identifier: MIT
#pragma once

#include "clicontext.h"
#include "ingest/sourceset.h"
#include "reports/reportoptions.h"
#include "serverconfig.h"

#include <optional>
#include <QString>
#include <QTimeZone>

class AppSettings;
class QCommandLineParser;

// How the window's settings (AppSettings) become the configuration of its services. The rule everywhere:
// an option on the command line wins, then the setting, then the environment variable, then the
// built-in default.
namespace DesktopSettings {
// fromCommandLine is what CliContext::configure() made of the options: a source with roots there was
// named by a --<source>-dir option and keeps them (and is read even if the settings switch it off).
SourceSet::Config sources(const AppSettings& settings, SourceSet::Config fromCommandLine);
CliContext::Preferred preferred(const AppSettings& settings);
// configure() with the settings applied: the CliContext the window runs on.
int configure(
    CliContext& context, const QCommandLineParser& parser, const AppSettings& settings, QString* error);

// The embedded API server, without databasePath and prices (the caller's context has them). nullopt
// when it is switched off, or when the settings are unusable: then *error says why (a non-loopback
// bind without a token, as `serve` refuses it).
std::optional<ServerConfig> server(const AppSettings& settings, QString* error);

QTimeZone timeZone(const AppSettings& settings); // an unknown id falls back to the system zone
ReportOptions::CostMode costMode(const AppSettings& settings); // an unknown name is auto
} // namespace DesktopSettings
