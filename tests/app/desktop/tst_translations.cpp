// SPDX-License-Identifier: MIT
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

// The German translation is complete: every message of translations/agentmeter_de.ts is translated and
// keeps the source's placeholders, and the compiled catalogue is embedded where the window loads it from.
class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void germanIsComplete();
    void germanIsEmbedded();
};

namespace {
QSet<QString> placeholders(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?\\d"));
    QSet<QString> found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured().remove(QLatin1Char('L')));
    return found;
}
} // namespace

void TestTranslations::germanIsComplete()
{
    QFile file(QStringLiteral(AGENTMETER_TS_DE));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    int messages = 0;
    QStringList problems;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            ++messages;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == QLatin1String("unfinished") || translation.trimmed().isEmpty())
                problems += context + QStringLiteral(": untranslated: ") + source;
            else if (placeholders(translation) != placeholders(source))
                problems += context + QStringLiteral(": placeholders differ: ") + source;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 0);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::germanIsEmbedded()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/agentmeter_de.qm")));
    QVERIFY(!translator.isEmpty());
    QCOMPARE(translator.translate("MainWindow", "Dashboard"), QStringLiteral("Übersicht"));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
