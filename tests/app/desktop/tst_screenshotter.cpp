// SPDX-License-Identifier: MIT
// Screenshotter over the real window and a fixture database, and `agentmeter window --demo
// --screenshots DIR` as scripts/screenshots.sh runs it.
#include "mainwindow.h"
#include "screenshotter.h"
#include "storechanges.h"
#include "store/queryrunner.h"
#include "testsupport.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestScreenshotter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pageNamesComeFromTheClass();
    void savesEveryPageAfterTheFirstPass();
    void failedPassSavesNothing();
    void missingPassTimesOut();
    void uncreatableDirectoryIsReported();
    void windowCommandSavesEveryPage();

private:
    // The window over the fixture database, shown as the app shows it.
    struct Window
    {
        static PageContext context(QueryRunner& queries, StoreChanges& changes)
        {
            PageContext context;
            context.queries = &queries;
            context.changes = &changes;
            context.timeZone = QTimeZone::utc();
            return context;
        }
        explicit Window(const QString& databasePath)
            : queries(databasePath)
            , window(context(queries, changes))
        {
            window.show();
        }
        StoreChanges changes;
        QueryRunner queries;
        MainWindow window;
    };
    // finished()'s error, after waiting for it.
    static QString outcome(QSignalSpy& finished);
    static QStringList expectedFiles(const MainWindow& window);

    QTemporaryDir m_dir;
    QString m_databasePath;
};

void TestScreenshotter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_databasePath = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(m_databasePath);
}

QString TestScreenshotter::outcome(QSignalSpy& finished)
{
    if (finished.isEmpty() && !finished.wait(60000))
        return QStringLiteral("finished() never came");
    if (finished.count() != 1)
        return QStringLiteral("finished() came %1 times").arg(finished.count());
    return finished.first().first().toString();
}

QStringList TestScreenshotter::expectedFiles(const MainWindow& window)
{
    QStringList files;
    for (int page = 0; page < MainWindow::PageCount; ++page)
        files << Screenshotter::pageName(window.page(MainWindow::Page(page))) + QLatin1String(".png");
    files.sort();
    return files;
}

void TestScreenshotter::pageNamesComeFromTheClass()
{
    Window app(m_databasePath);
    QCOMPARE(Screenshotter::pageName(app.window.page(MainWindow::Dashboard)), QStringLiteral("dashboard"));
    QCOMPARE(Screenshotter::pageName(app.window.page(MainWindow::Sessions)), QStringLiteral("sessions"));
    QCOMPARE(Screenshotter::pageName(app.window.page(MainWindow::Traces)), QStringLiteral("traces"));
    QCOMPARE(Screenshotter::pageName(app.window.page(MainWindow::Activity)), QStringLiteral("activity"));
    QCOMPARE(Screenshotter::pageName(&app.window), QStringLiteral("mainwindow"));
}

void TestScreenshotter::savesEveryPageAfterTheFirstPass()
{
    Window app(m_databasePath);
    QTemporaryDir out;
    Screenshotter::Options options;
    options.directory = out.filePath(QStringLiteral("shots/nested"));
    options.settleMs = 20;
    Screenshotter screenshots(&app.window, &app.changes, &app.queries, options);
    QSignalSpy saved(&screenshots, &Screenshotter::pageSaved);
    QSignalSpy finished(&screenshots, &Screenshotter::finished);
    screenshots.start();
    QVERIFY(QDir(options.directory).exists());

    app.changes.publishPass(IngestPass {});
    QCOMPARE(outcome(finished), QString());
    QCOMPARE(saved.count(), int(MainWindow::PageCount));
    const QDir directory(options.directory);
    QCOMPARE(directory.entryList(QDir::Files, QDir::Name), expectedFiles(app.window));
    for (const QString& file : directory.entryList(QDir::Files)) {
        const QImage image(directory.filePath(file));
        QVERIFY2(!image.isNull(), qPrintable(file));
        QCOMPARE(image.size(), app.window.size() * app.window.devicePixelRatio());
    }
    // The pages were shown in turn: the last one is still current, and a later pass does not start a
    // second round (which would show the first page at once).
    QWidget* last = app.window.page(MainWindow::Page(MainWindow::PageCount - 1));
    QVERIFY(last->isVisible());
    app.changes.publishPass(IngestPass {});
    QVERIFY(last->isVisible());
}

void TestScreenshotter::failedPassSavesNothing()
{
    Window app(m_databasePath);
    QTemporaryDir out;
    Screenshotter::Options options;
    options.directory = out.path();
    Screenshotter screenshots(&app.window, &app.changes, &app.queries, options);
    QSignalSpy finished(&screenshots, &Screenshotter::finished);
    screenshots.start();
    IngestPass failed;
    failed.error = QStringLiteral("database is locked");
    app.changes.publishPass(failed);
    QCOMPARE(outcome(finished), QStringLiteral("the first ingest pass failed: database is locked"));
    QVERIFY(QDir(out.path()).isEmpty());
}

void TestScreenshotter::missingPassTimesOut()
{
    Window app(m_databasePath);
    QTemporaryDir out;
    Screenshotter::Options options;
    options.directory = out.path();
    options.passTimeoutMs = 2000;
    Screenshotter screenshots(&app.window, &app.changes, &app.queries, options);
    QSignalSpy finished(&screenshots, &Screenshotter::finished);
    screenshots.start();
    QCOMPARE(outcome(finished), QStringLiteral("no ingest pass finished within 2 seconds"));
    // A pass after the timeout starts no round (which would show the first page at once).
    app.window.showPage(MainWindow::Activity);
    app.changes.publishPass(IngestPass {});
    QVERIFY(app.window.page(MainWindow::Activity)->isVisible());
    QVERIFY(QDir(out.path()).isEmpty());
}

void TestScreenshotter::uncreatableDirectoryIsReported()
{
    Window app(m_databasePath);
    QTemporaryDir out;
    const QString file = out.filePath(QStringLiteral("a-file"));
    TestSupport::writeFile(file, "not a directory");
    Screenshotter::Options options;
    options.directory = file + QLatin1String("/shots");
    Screenshotter screenshots(&app.window, &app.changes, &app.queries, options);
    QSignalSpy finished(&screenshots, &Screenshotter::finished);
    screenshots.start();
    QCOMPARE(outcome(finished), QStringLiteral("cannot create %1").arg(options.directory));
}

void TestScreenshotter::windowCommandSavesEveryPage()
{
    QTemporaryDir home;
    QProcessEnvironment environment = TestSupport::isolatedEnvironment(home.path());
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QString shots = home.filePath(QStringLiteral("shots"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(AGENTMETER_BINARY),
        { QStringLiteral("window"), QStringLiteral("--demo"), QStringLiteral("--screenshots"), shots });
    QVERIFY(process.waitForFinished(300000));
    const QByteArray out = process.readAllStandardOutput();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
        process.readAllStandardError().constData());
    QVERIFY2(out.contains("DEMO DATA"), out.constData());

    const QDir directory(shots);
    const QStringList files = directory.entryList(QDir::Files, QDir::Name);
    QCOMPARE(files.size(), int(MainWindow::PageCount));
    for (const QString& file : files) {
        QVERIFY2(out.contains(directory.filePath(file).toUtf8()), out.constData()); // each path is printed
        const QImage image(directory.filePath(file));
        QVERIFY2(!image.isNull() && image.width() > 100 && image.height() > 100, qPrintable(file));
    }
}

QTEST_MAIN(TestScreenshotter)
#include "tst_screenshotter.moc"
