// SPDX-License-Identifier: MIT
#include "servecommand.h"

#include "cliapp.h"
#include "clicontext.h"
#include "ingest/liveingest.h"
#include "servicehost.h"

#include <csignal>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe calls here: the event loop reads the pipe and quits.
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT and SIGTERM end the event loop cleanly, so the writer commits and the API closes its sockets.
void quitOnSignals(QObject* parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, parent);
    QObject::connect(notifier, &QSocketNotifier::activated, parent, [] {
        char byte;
        [[maybe_unused]] const ssize_t got = ::read(g_signalPipe[0], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

} // namespace

int ServeCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Ingest the logs, keep watching every source, and serve the local REST + Server-Sent-Events API.\n"
        "Binding anything but loopback requires --token; then every request needs "
        "'Authorization: Bearer <token>'."));
    parser.addHelpOption();
    CliContext::addStoreOptions(parser);
    CliContext::addSourceOptions(parser);
    parser.addOption({ QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
        QStringLiteral("address"), QStringLiteral("127.0.0.1") });
    parser.addOption(
        { QStringLiteral("port"), QStringLiteral("Port to listen on; 0 picks a free one (default 8765)."),
            QStringLiteral("port"), QStringLiteral("8765") });
    parser.addOption({ QStringLiteral("token"),
        QStringLiteral("Bearer token every request must carry (default: $AGENTMETER_TOKEN). Required when "
                       "--bind is not a loopback address."),
        QStringLiteral("token") });
    parser.addOption({ QStringLiteral("cors-origin"),
        QStringLiteral("Browser origin allowed to read the API (e.g. http://localhost:3000, or *); "
                       "repeatable or comma-separated. Default: none."),
        QStringLiteral("origin") });
    parser.addOption({ QStringLiteral("no-watch"),
        QStringLiteral("Do not watch the logs; only re-read them every --poll-interval seconds.") });
    parser.addOption({ QStringLiteral("poll-interval"),
        QStringLiteral("Seconds between full re-reads that catch what file notifications miss (default 30)."),
        QStringLiteral("seconds"), QStringLiteral("30") });
    parser.addOption(
        { QStringLiteral("demo"), QStringLiteral("Serve generated demo logs even if real logs exist.") });
    if (!parser.parse(arguments)) {
        err() << QStringLiteral("agentmeter serve: %1\n").arg(parser.errorText()) << Qt::flush;
        return CliApp::BadArguments;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("serve [options]"))
              << Qt::flush;
        return CliApp::Ok;
    }
    const auto bad = [](const QString& message) {
        err() << QStringLiteral("agentmeter serve: %1\n").arg(message) << Qt::flush;
        return CliApp::BadArguments;
    };
    if (!parser.positionalArguments().isEmpty())
        return bad(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    ServerConfig config;
    if (!config.bind.setAddress(parser.value(QStringLiteral("bind"))))
        return bad(
            QStringLiteral("--bind needs an IP address, got '%1'").arg(parser.value(QStringLiteral("bind"))));
    bool ok = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || port > 65535)
        return bad(QStringLiteral("--port needs a number from 0 to 65535, got '%1'")
                       .arg(parser.value(QStringLiteral("port"))));
    config.port = quint16(port);
    config.token = parser.isSet(QStringLiteral("token")) ? parser.value(QStringLiteral("token"))
                                                         : qEnvironmentVariable("AGENTMETER_TOKEN");
    if (!config.isLoopback() && config.token.isEmpty())
        return bad(QStringLiteral("binding %1 exposes your usage data beyond this machine; it needs --token")
                       .arg(config.bind.toString()));
    for (const QString& value : parser.values(QStringLiteral("cors-origin")))
        config.corsOrigins += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    const int pollSeconds = parser.value(QStringLiteral("poll-interval")).toInt(&ok);
    if (!ok || pollSeconds < 1 || pollSeconds > 86400)
        return bad(QStringLiteral("--poll-interval needs seconds from 1 to 86400, got '%1'")
                       .arg(parser.value(QStringLiteral("poll-interval"))));

    CliContext context;
    QString error;
    if (const int code = context.configure(parser, &error)) {
        err() << QStringLiteral("agentmeter serve: %1\n").arg(error) << Qt::flush;
        return code;
    }
    if (const int code = context.useDemoDataUnlessLogs(parser.isSet(QStringLiteral("demo")), &error)) {
        err() << QStringLiteral("agentmeter serve: %1\n").arg(error) << Qt::flush;
        return code;
    }
    config.databasePath = context.databasePath();
    config.prices = context.prices();

    QObject lifetime;
    quitOnSignals(&lifetime);
    // Live ingest: a first pass now, then a pass whenever a log changes (coalesced) and a periodic one.
    // What each pass stored goes to /api/events; problems go to stderr and to the alert topic.
    LiveIngest::Options liveOptions;
    liveOptions.watch = !parser.isSet(QStringLiteral("no-watch"));
    liveOptions.pollIntervalMs = pollSeconds * 1000;
    ServiceHost host(context, liveOptions);
    QObject::connect(host.live(), &LiveIngest::passFinished, &lifetime, [](const IngestPass& pass) {
        // The first pass is reported (a big archive takes a while); later ones only when they stored
        // something, so an idle server's output stays quiet.
        if (pass.number == 1 || pass.stats.usageInserted + pass.stats.usageReplaced > 0
            || !pass.error.isEmpty())
            out() << QStringLiteral("Ingest pass %1 (%2): %3 files read, %4 new requests, %5 lines skipped "
                                    "in %6 ms%7\n")
                         .arg(pass.number)
                         .arg(IngestPass::triggerName(pass.trigger))
                         .arg(pass.stats.filesRead)
                         .arg(pass.stats.usageInserted)
                         .arg(pass.stats.linesSkipped)
                         .arg(pass.durationMs)
                         .arg(pass.error.isEmpty() ? QString() : QStringLiteral("; FAILED: ") + pass.error)
                  << Qt::flush;
    });
    QObject::connect(host.live(), &LiveIngest::errorOccurred, &lifetime, [](const QString& message) {
        err() << QStringLiteral("agentmeter serve: %1\n").arg(message) << Qt::flush;
    });
    if (!host.start(config, &error)) {
        err() << QStringLiteral("agentmeter serve: %1\n").arg(error) << Qt::flush;
        return CliApp::Failed;
    }
    out() << QStringLiteral("AgentMeter API on http://%1:%2/api (database %3). Ctrl+C stops.\n")
                 .arg(config.bind.protocol() == QAbstractSocket::IPv6Protocol
                         ? QLatin1Char('[') + config.bind.toString() + QLatin1Char(']')
                         : config.bind.toString())
                 .arg(host.apiPort())
                 .arg(config.databasePath)
          << Qt::flush;
    const int code = QCoreApplication::exec();
    // From here a second Ctrl+C kills at once, should the shutdown below hang.
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    host.stop();
    return code == 0 ? CliApp::Ok : CliApp::Failed;
}
