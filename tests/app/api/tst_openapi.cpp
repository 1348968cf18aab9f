// SPDX-License-Identifier: MIT
// The OpenAPI document served at /api/openapi.json describes exactly what the server does:
// - the routes: no route without documentation, no documented route that does not exist;
// - the query parameters: every parameter a route reads is documented for it, and every documented one
//   is read, with the documented type, range, enum and length;
// - the answers: 200 bodies of the fixture database have exactly the documented fields and types,
//   X-Total-Count is sent where documented, and unknown ids are the documented 404.
#include "apiserver.h"
#include "apitestsupport.h"

#include <memory>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace ApiTestSupport;

namespace {

// One GET operation of the document, its parameters resolved.
struct Operation
{
    QString path; // as documented: /api/session/{session_id}/cost
    QJsonObject operation;
    QList<QJsonObject> parameters; // resolved, path parameters included
    bool stream = false; // its 200 is text/event-stream

    QString name() const { return QStringLiteral("GET ") + path; }
    QList<QJsonObject> query() const
    {
        QList<QJsonObject> list;
        for (const QJsonObject& parameter : parameters) {
            if (parameter.value(QStringLiteral("in")).toString() == QLatin1String("query"))
                list.append(parameter);
        }
        return list;
    }
};

struct Answer
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;
};

} // namespace

class TestOpenApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void documentMatchesRoutes();
    void documentedParametersAreRead();
    void readParametersAreDocumented();
    void answersMatchSchemas();

private:
    QJsonObject resolve(QJsonObject node) const;
    QList<Operation> operations() const;
    // Calls an operation with its path parameters set to `id` and the given query (already encoded).
    Answer call(const Operation& op, const QString& id, const QByteArray& query) const;
    void validate(
        const QJsonValue& value, const QJsonObject& schema, const QString& where, QStringList& errors) const;

    QTemporaryDir m_dir;
    std::unique_ptr<ApiServer> m_server;
    QJsonObject m_document;
};

void TestOpenApi::initTestCase()
{
    const QString db = m_dir.filePath(QStringLiteral("api.db"));
    buildFixtureDatabase(db);
    m_server = std::make_unique<ApiServer>(testConfig(db));
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    const HttpReply reply = get(m_server->port(), "/api/openapi.json");
    QCOMPARE(reply.status, 200);
    m_document = reply.json();
    QVERIFY(m_document.value(QStringLiteral("openapi")).toString().startsWith(QLatin1String("3.")));
}

QJsonObject TestOpenApi::resolve(QJsonObject node) const
{
    // "#/components/<kind>/<name>", possibly in a chain.
    for (int depth = 0; depth < 8 && node.contains(QStringLiteral("$ref")); ++depth) {
        const QStringList parts = node.value(QStringLiteral("$ref")).toString().split(QLatin1Char('/'));
        if (parts.size() != 4 || parts[0] != QLatin1String("#"))
            return {};
        node = m_document.value(parts[1]).toObject().value(parts[2]).toObject().value(parts[3]).toObject();
    }
    return node;
}

QList<Operation> TestOpenApi::operations() const
{
    QList<Operation> list;
    const QJsonObject paths = m_document.value(QStringLiteral("paths")).toObject();
    for (auto it = paths.constBegin(); it != paths.constEnd(); ++it) {
        const QJsonObject item = it.value().toObject();
        if (!item.contains(QStringLiteral("get")))
            continue;
        Operation op;
        op.path = it.key();
        op.operation = item.value(QStringLiteral("get")).toObject();
        for (const QString& owner : { QStringLiteral("path"), QStringLiteral("operation") }) {
            const QJsonObject& source = owner == QLatin1String("path") ? item : op.operation;
            for (const QJsonValue& parameter : source.value(QStringLiteral("parameters")).toArray())
                op.parameters.append(resolve(parameter.toObject()));
        }
        const QJsonObject ok = resolve(op.operation.value(QStringLiteral("responses"))
                                           .toObject()
                                           .value(QStringLiteral("200"))
                                           .toObject());
        op.stream
            = ok.value(QStringLiteral("content")).toObject().contains(QStringLiteral("text/event-stream"));
        list.append(op);
    }
    return list;
}

Answer TestOpenApi::call(const Operation& op, const QString& id, const QByteArray& query) const
{
    static const QRegularExpression placeholder(QStringLiteral("\\{[^}]+\\}"));
    QString path = op.path;
    path.replace(placeholder, QString::fromLatin1(QUrl::toPercentEncoding(id)));
    const QByteArray target = path.toUtf8() + (query.isEmpty() ? QByteArray() : "?" + query);
    Answer answer;
    if (op.stream) {
        // An accepted stream stays open: its status is enough, and a refusal is a whole response.
        SseClient client;
        client.open(m_server->port(), target);
        answer.status = client.status();
        answer.body = client.raw();
        client.close();
        return answer;
    }
    const HttpReply reply = get(m_server->port(), target);
    answer.status = reply.status;
    answer.body = reply.body;
    answer.headers = reply.headers;
    return answer;
}

void TestOpenApi::documentMatchesRoutes()
{
    // "/api/session/<arg>/cost" and "/api/session/{session_id}/cost" are the same route.
    const auto normalise = [](QString path) {
        static const QRegularExpression placeholder(QStringLiteral("\\{[^}]+\\}"));
        return path.replace(placeholder, QStringLiteral("<arg>"));
    };
    QSet<QString> documented;
    const QJsonObject paths = m_document.value(QStringLiteral("paths")).toObject();
    for (auto it = paths.constBegin(); it != paths.constEnd(); ++it) {
        const QJsonObject item = it.value().toObject();
        for (auto op = item.constBegin(); op != item.constEnd(); ++op) {
            if (op.key() == QLatin1String("parameters"))
                continue;
            const QString key = op.key().toUpper() + QLatin1Char(' ') + normalise(it.key());
            documented.insert(key);
            const QJsonObject operation = op.value().toObject();
            QVERIFY2(!operation.value(QStringLiteral("summary")).toString().isEmpty(), qPrintable(key));
            const QJsonObject responses = operation.value(QStringLiteral("responses")).toObject();
            QVERIFY2(responses.contains(QStringLiteral("200")), qPrintable(key));
            // Every route refuses a request without the token when --token is set.
            QVERIFY2(responses.contains(QStringLiteral("401")), qPrintable(key));
        }
    }
    QSet<QString> served;
    for (const ApiRouter::Route& route : m_server->routes())
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

    // Streams are documented as streams.
    QSet<QString> streams;
    for (const ApiRouter::Route& route : m_server->routes()) {
        if (route.stream)
            streams.insert(route.pattern);
    }
    for (const Operation& op : operations())
        QVERIFY2(op.stream == streams.contains(normalise(op.path)), qPrintable(op.name()));
}

// Each documented query parameter is read by its route as documented: a value its parser refuses is
// a 400 that names it, the documented bounds are the code's, every enum value is accepted.
void TestOpenApi::documentedParametersAreRead()
{
    const QString id = QStringLiteral("no-such-session"); // parameters are checked before the id
    const QByteArray bad(2001, 'z'); // no number, no boolean, no enum value, longer than any text
    int checked = 0;
    for (const Operation& op : operations()) {
        const bool takesQuery = !op.query().isEmpty();
        QCOMPARE(op.operation.value(QStringLiteral("responses")).toObject().contains(QStringLiteral("400")),
            takesQuery);
        for (const QJsonObject& parameter : op.query()) {
            const QByteArray name = parameter.value(QStringLiteral("name")).toString().toUtf8();
            const QJsonObject schema = resolve(parameter.value(QStringLiteral("schema")).toObject());
            const QString type = schema.value(QStringLiteral("type")).toString();
            const QString what = op.name() + QLatin1Char(' ') + QString::fromUtf8(name);
            const auto refused = [&](const QByteArray& value, const char* why) {
                const Answer answer = call(op, id, name + '=' + value);
                QVERIFY2(answer.status == 400,
                    qPrintable(QStringLiteral("%1=%2... (%3): status %4")
                                   .arg(what, QString::fromUtf8(value.left(12)), QLatin1String(why))
                                   .arg(answer.status)));
                // Named as the parameter or as its header (Last-Event-ID for last_event_id).
                QVERIFY2(answer.body.toLower().replace('-', '_').contains(name),
                    qPrintable(what + QStringLiteral(": the 400 does not name it: ")
                        + QString::fromUtf8(answer.body)));
            };
            const auto accepted = [&](const QByteArray& value, const char* why) {
                const Answer answer = call(op, id, name + '=' + value);
                QVERIFY2(answer.status != 400,
                    qPrintable(QStringLiteral("%1=%2 (%3) is refused: %4")
                                   .arg(what, QString::fromUtf8(value.left(40)), QLatin1String(why),
                                       QString::fromUtf8(answer.body))));
            };
            refused(bad, "not a valid value of any kind");
            if (type == QLatin1String("integer")) {
                if (schema.contains(QStringLiteral("minimum"))) {
                    const qint64 minimum = schema.value(QStringLiteral("minimum")).toInteger();
                    refused(QByteArray::number(minimum - 1), "below the documented minimum");
                    accepted(QByteArray::number(minimum), "the documented minimum");
                }
                if (schema.contains(QStringLiteral("maximum"))) {
                    const qint64 maximum = schema.value(QStringLiteral("maximum")).toInteger();
                    refused(QByteArray::number(maximum + 1), "above the documented maximum");
                    accepted(QByteArray::number(maximum), "the documented maximum");
                }
            } else if (type == QLatin1String("boolean")) {
                accepted("true", "a boolean");
                accepted("false", "a boolean");
            } else if (type == QLatin1String("string") && schema.contains(QStringLiteral("maxLength"))) {
                const int maxLength = schema.value(QStringLiteral("maxLength")).toInt();
                refused(QByteArray(maxLength + 1, 'a'), "longer than the documented maxLength");
            }
            for (const QJsonValue& value : schema.value(QStringLiteral("enum")).toArray())
                accepted(QUrl::toPercentEncoding(value.toVariant().toString()), "a documented enum value");
            ++checked;
        }
    }
    QVERIFY(checked >= 40);
}

// No route reads a parameter its documentation does not list. The candidates are every query
// parameter the document names anywhere and every name the route code reads through QueryParams; a
// route that reads one refuses a value no parser accepts with a 400 before anything else.
void TestOpenApi::readParametersAreDocumented()
{
    QSet<QString> candidates;
    for (const Operation& op : operations()) {
        for (const QJsonObject& parameter : op.query())
            candidates.insert(parameter.value(QStringLiteral("name")).toString());
    }
    QSet<QString> inCode;
    static const QRegularExpression read(
        QStringLiteral("\\.(?:integer|boolean|text|choice|has)\\(\\s*\"([A-Za-z0-9_\\-]+)\""));
    QDirIterator files(QString::fromUtf8(AGENTMETER_SOURCE_DIR "/app/api"), { QStringLiteral("*.cpp") });
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        for (auto match = read.globalMatch(text); match.hasNext();)
            inCode.insert(match.next().captured(1));
    }
    QVERIFY2(inCode.size() >= 12, "the scan of app/api found too few parameter names");
    QStringList nowhere = (inCode - candidates).values();
    nowhere.sort();
    QVERIFY2(nowhere.isEmpty(),
        qPrintable(QStringLiteral("read by the code, documented for no route: ")
            + nowhere.join(QStringLiteral(", "))));
    candidates += inCode;

    const QByteArray bad(2001, 'z');
    for (const Operation& op : operations()) {
        QSet<QString> documented;
        for (const QJsonObject& parameter : op.query())
            documented.insert(parameter.value(QStringLiteral("name")).toString());
        for (const QString& name : std::as_const(candidates)) {
            if (documented.contains(name))
                continue;
            const Answer answer = call(op, QStringLiteral("no-such-session"), name.toUtf8() + '=' + bad);
            QVERIFY2(answer.status != 400,
                qPrintable(QStringLiteral("%1 reads '%2', which its documentation does not list: %3")
                               .arg(op.name(), name, QString::fromUtf8(answer.body.left(200)))));
        }
    }
}

void TestOpenApi::validate(
    const QJsonValue& value, const QJsonObject& schemaRef, const QString& where, QStringList& errors) const
{
    const QJsonObject schema = resolve(schemaRef);
    if (schema.contains(QStringLiteral("anyOf"))) {
        QStringList best;
        bool first = true;
        for (const QJsonValue& alternative : schema.value(QStringLiteral("anyOf")).toArray()) {
            QStringList attempt;
            validate(value, alternative.toObject(), where, attempt);
            if (attempt.isEmpty())
                return;
            if (first || attempt.size() < best.size())
                best = attempt;
            first = false;
        }
        errors += best;
        return;
    }
    if (value.isNull()) {
        if (!schema.value(QStringLiteral("nullable")).toBool())
            errors.append(where + QStringLiteral(": null, not documented as nullable"));
        return;
    }
    const QString type = schema.value(QStringLiteral("type")).toString();
    const QJsonArray allowed = schema.value(QStringLiteral("enum")).toArray();
    if (!allowed.isEmpty() && !allowed.contains(value))
        errors.append(where
            + QStringLiteral(": %1 is not in the enum")
                  .arg(
                      QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact))));
    if (type == QLatin1String("object")) {
        if (!value.isObject()) {
            errors.append(where + QStringLiteral(": not an object"));
            return;
        }
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
        for (const QJsonValue& required : schema.value(QStringLiteral("required")).toArray()) {
            if (!object.contains(required.toString()))
                errors.append(where + QStringLiteral(": missing ") + required.toString());
        }
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString at = where + QLatin1Char('.') + it.key();
            if (properties.contains(it.key()))
                validate(it.value(), properties.value(it.key()).toObject(), at, errors);
            else if (additional.isObject())
                validate(it.value(), additional.toObject(), at, errors);
            else if (!properties.isEmpty())
                errors.append(at + QStringLiteral(": not documented"));
        }
    } else if (type == QLatin1String("array")) {
        if (!value.isArray()) {
            errors.append(where + QStringLiteral(": not an array"));
            return;
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            validate(array[i], schema.value(QStringLiteral("items")).toObject(),
                where + QStringLiteral("[%1]").arg(i), errors);
    } else if (type == QLatin1String("integer")) {
        if (!value.isDouble() || value.toDouble() != double(value.toInteger()))
            errors.append(where + QStringLiteral(": not an integer"));
    } else if (type == QLatin1String("number")) {
        if (!value.isDouble())
            errors.append(where + QStringLiteral(": not a number"));
    } else if (type == QLatin1String("string")) {
        if (!value.isString())
            errors.append(where + QStringLiteral(": not a string"));
    } else if (type == QLatin1String("boolean")) {
        if (!value.isBool())
            errors.append(where + QStringLiteral(": not a boolean"));
    }
}

// Every route answers the fixture database with exactly the fields and types its 200 schema names
// (with each boolean parameter at both values), sends X-Total-Count exactly where documented, and
// answers an unknown id with the documented 404.
void TestOpenApi::answersMatchSchemas()
{
    // A session with sub-agents, so that the tree routes have something to nest.
    const HttpReply delegations = get(m_server->port(), "/api/delegations");
    QCOMPARE(delegations.status, 200);
    const QString id = delegations.json()
                           .value(QStringLiteral("data"))
                           .toArray()
                           .first()
                           .toObject()
                           .value(QStringLiteral("parent_session_id"))
                           .toString();
    QVERIFY(!id.isEmpty());

    QStringList errors;
    for (const Operation& op : operations()) {
        const QJsonObject responses = op.operation.value(QStringLiteral("responses")).toObject();
        const QJsonObject ok = resolve(responses.value(QStringLiteral("200")).toObject());
        const bool hasPathId = op.path.contains(QLatin1Char('{'));
        if (hasPathId) {
            QVERIFY2(responses.contains(QStringLiteral("404")), qPrintable(op.name()));
            const Answer missing = call(op, QStringLiteral("no-such-session"), {});
            QVERIFY2(missing.status == 404, qPrintable(op.name()));
        }
        if (op.stream) {
            QVERIFY2(call(op, id, {}).status == 200, qPrintable(op.name()));
            continue;
        }
        QList<QByteArray> queries { QByteArray() };
        for (const QJsonObject& parameter : op.query()) {
            const QJsonObject schema = resolve(parameter.value(QStringLiteral("schema")).toObject());
            if (schema.value(QStringLiteral("type")).toString() == QLatin1String("boolean")) {
                const bool def = schema.value(QStringLiteral("default")).toBool();
                queries.append(
                    parameter.value(QStringLiteral("name")).toString().toUtf8() + (def ? "=false" : "=true"));
            }
        }
        const QJsonObject content = ok.value(QStringLiteral("content"))
                                        .toObject()
                                        .value(QStringLiteral("application/json"))
                                        .toObject();
        QVERIFY2(!content.isEmpty(), qPrintable(op.name() + QStringLiteral(": no application/json 200")));
        const bool paginated
            = ok.value(QStringLiteral("headers")).toObject().contains(QStringLiteral("X-Total-Count"));
        for (const QByteArray& query : std::as_const(queries)) {
            const Answer answer = call(op, id, query);
            const QString where
                = op.name() + (query.isEmpty() ? QString() : QStringLiteral("?") + QString::fromUtf8(query));
            QVERIFY2(answer.status == 200,
                qPrintable(where + QStringLiteral(": ") + QString::fromUtf8(answer.body)));
            QVERIFY2(answer.headers.contains("x-total-count") == paginated,
                qPrintable(where + QStringLiteral(": X-Total-Count sent and documented differ")));
            QJsonParseError parseError;
            const QJsonDocument body = QJsonDocument::fromJson(answer.body, &parseError);
            QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(where));
            validate(body.isObject() ? QJsonValue(body.object()) : QJsonValue(body.array()),
                content.value(QStringLiteral("schema")).toObject(), where, errors);
        }
    }

    // The analytics stream's frame, which OpenAPI cannot attach to text/event-stream.
    SseClient stream;
    QVERIFY(stream.open(m_server->port(), "/api/stream"));
    QVERIFY(stream.waitForEvents(1));
    QCOMPARE(stream.events().first().event, QByteArray("analytics"));
    QJsonObject frameSchema;
    frameSchema.insert(QStringLiteral("$ref"), QStringLiteral("#/components/schemas/AnalyticsFrame"));
    validate(stream.events().first().json(), frameSchema, QStringLiteral("/api/stream frame"), errors);
    stream.close();

    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
