// SPDX-License-Identifier: MIT
// The OpenAPI document served at /api/openapi.json describes exactly the routes the server has: no
// route without documentation, no documented route that does not exist.
#include "apiserver.h"
#include "apitestsupport.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace ApiTestSupport;

class TestOpenApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void documentMatchesRoutes();
};

void TestOpenApi::documentMatchesRoutes()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("api.db"));
    buildFixtureDatabase(db);
    ApiServer server(testConfig(db));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    const HttpReply reply = get(server.port(), "/api/openapi.json");
    QCOMPARE(reply.status, 200);
    const QJsonObject document = reply.json();
    QVERIFY(document.value(QStringLiteral("openapi")).toString().startsWith(QLatin1String("3.")));
    const QJsonObject paths = document.value(QStringLiteral("paths")).toObject();

    // "/api/session/<arg>/cost" and "/api/session/{session_id}/cost" are the same route.
    const auto normalise = [](QString path) {
        static const QRegularExpression placeholder(QStringLiteral("\\{[^}]+\\}"));
        return path.replace(placeholder, QStringLiteral("<arg>"));
    };
    QSet<QString> documented;
    for (auto it = paths.constBegin(); it != paths.constEnd(); ++it) {
        const QJsonObject item = it.value().toObject();
        for (auto op = item.constBegin(); op != item.constEnd(); ++op) {
            if (op.key() == QLatin1String("parameters"))
                continue;
            const QString key = op.key().toUpper() + QLatin1Char(' ') + normalise(it.key());
            documented.insert(key);
            const QJsonObject operation = op.value().toObject();
            QVERIFY2(!operation.value(QStringLiteral("summary")).toString().isEmpty(), qPrintable(key));
            QVERIFY2(operation.value(QStringLiteral("responses")).toObject().contains(QStringLiteral("200")),
                qPrintable(key));
        }
    }
    QSet<QString> served;
    for (const ApiRouter::Route& route : server.routes())
        served.insert(QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern);

    QStringList undocumented = (served - documented).values();
    QStringList phantom = (documented - served).values();
    undocumented.sort();
    phantom.sort();
    QVERIFY2(undocumented.isEmpty(),
        qPrintable(QStringLiteral("not in openapi.json: ") + undocumented.join(QStringLiteral(", "))));
    QVERIFY2(phantom.isEmpty(),
        qPrintable(QStringLiteral("documented but not served: ") + phantom.join(QStringLiteral(", "))));
    QVERIFY(served.size() >= 3);
}

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
