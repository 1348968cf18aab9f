// SPDX-License-Identifier: MIT
// MultiRowInsert writes each row with its own parameters, whatever the count of rows.
#include "store/database.h"
#include "store/multirowinsert.h"
#include "store/storeerror.h"

#include <map>
#include <QTemporaryDir>
#include <QTest>

class TestMultiRowInsert : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRowGetsItsOwnParameters();
    void oneStatementPerCountOfRows();
    void writeChecksTheRowidsAndEmptiesTheRows();
    void aTailMakesEveryRowAnUpsert();
};

namespace {
// A store with one table t(a, b, c).
struct Table
{
    QTemporaryDir dir;
    Database db;
    Table()
    {
        db.open(dir.filePath(QStringLiteral("t.db")));
        db.exec("CREATE TABLE t(a, b, c)");
    }
};

QStringList rows(Database& db)
{
    QStringList out;
    SqliteStatement q
        = db.prepare("SELECT a || ' ' || COALESCE(b, 'none') || ' ' || c FROM t ORDER BY rowid");
    while (q.step())
        out << q.text(0);
    return out;
}
} // namespace

void TestMultiRowInsert::everyRowGetsItsOwnParameters()
{
    Table table;
    Database& db = table.db;
    MultiRowInsert insert(db, "INSERT INTO t(a, b, c) VALUES ", 3);
    QCOMPARE(insert.parameters(), 3);
    for (int count : { 1, 3, MultiRowInsert::kMaxRows }) {
        db.exec("DELETE FROM t");
        SqliteStatement& q = insert.forRows(count);
        QStringList expected;
        for (int row = 0; row < count; ++row) {
            const int first = row * insert.parameters();
            q.bind(first + 1, row);
            if (row % 2 == 0)
                q.bind(first + 2, QByteArray("r") + QByteArray::number(row));
            q.bind(first + 3, row * 100 + 7);
            expected << QStringLiteral("%1 %2 %3")
                            .arg(row)
                            .arg(row % 2 == 0 ? QStringLiteral("r%1").arg(row) : QStringLiteral("none"))
                            .arg(row * 100 + 7);
        }
        q.execute();
        QCOMPARE(rows(db), expected);
    }
}

void TestMultiRowInsert::oneStatementPerCountOfRows()
{
    Table table;
    Database& db = table.db;
    MultiRowInsert insert(db, "INSERT INTO t(a, b, c) VALUES ", 3);
    SqliteStatement* two = &insert.forRows(2);
    QCOMPARE(&insert.forRows(2), two); // prepared once, kept
    QVERIFY(&insert.forRows(3) != two);
    // Reset after each use: parameters not bound again are NULL, not the last row's values.
    two->bind(1, 1);
    two->bind(4, 2);
    two->execute();
    two->bind(1, 3);
    two->execute();
    QStringList a;
    SqliteStatement column = db.prepare("SELECT COALESCE(a, 'null') FROM t ORDER BY rowid");
    while (column.step())
        a << column.text(0);
    QCOMPARE(a,
        QStringList(
            { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("null") }));
}

void TestMultiRowInsert::writeChecksTheRowidsAndEmptiesTheRows()
{
    Table table;
    MultiRowInsert insert(table.db, "INSERT INTO t(a, b, c) VALUES ", 3);
    struct Row
    {
        int value;
        qint64 id; // the rowid it must get
    };
    auto bind = [](SqliteStatement& q, int first, const Row& row) {
        q.bind(first + 1, row.value);
        q.bind(first + 2, row.value * 2);
        q.bind(first + 3, row.value * 3);
    };
    std::vector<Row> rows { { 1, 1 }, { 2, 2 }, { 3, 3 } }; // an empty table's rows get 1, 2, 3
    insert.write(rows, bind);
    QVERIFY(rows.empty());
    QCOMPARE(::rows(table.db),
        QStringList({ QStringLiteral("1 2 3"), QStringLiteral("2 4 6"), QStringLiteral("3 6 9") }));
    insert.write(rows, bind); // none: nothing to do
    QCOMPARE(::rows(table.db).size(), 3);
    // Rows counted wrong (another writer added one, say) fail the write, which the caller's rollback undoes.
    rows = { { 4, 5 }, { 5, 6 } }; // they get 4 and 5
    QVERIFY_THROWS_EXCEPTION(StoreError, insert.write(rows, bind));
    QVERIFY(rows.empty()); // emptied all the same: they point into a batch that goes
}

// The rollups' form: "ON CONFLICT ... DO UPDATE" after the tuples adds each row to the stored row of its
// key, or inserts it, row by row, in statements of any count of rows.
void TestMultiRowInsert::aTailMakesEveryRowAnUpsert()
{
    Table table;
    Database& db = table.db;
    db.exec("CREATE TABLE sums(k INTEGER PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID");
    MultiRowInsert upsert(
        db, "INSERT INTO sums(k, n) VALUES ", 2, " ON CONFLICT(k) DO UPDATE SET n = n + excluded.n");
    QVERIFY(upsert.isValid());
    QVERIFY(!MultiRowInsert().isValid());
    std::map<int, qint64> expected;
    // Keys 0..39 once, then 20..89 (70 rows: two full statements and one of 6), then 5 alone.
    auto write = [&](int from, int to, qint64 n) {
        for (int key = from; key < to;) {
            const int count = std::min(to - key, MultiRowInsert::kMaxRows);
            SqliteStatement& q = upsert.forRows(count);
            for (int row = 0; row < count; ++row) {
                q.bind(row * 2 + 1, key + row);
                q.bind(row * 2 + 2, n * (key + row));
                expected[key + row] += n * (key + row);
            }
            q.execute();
            key += count;
        }
    };
    write(0, 40, 1);
    write(20, 90, 10);
    write(5, 6, 100);
    SqliteStatement q = db.prepare("SELECT k, n FROM sums ORDER BY k");
    std::map<int, qint64> stored;
    while (q.step())
        stored[int(q.int64(0))] = q.int64(1);
    QCOMPARE(stored.size(), size_t(90));
    QVERIFY(stored == expected);
    QCOMPARE(stored[5], 5 + 500);
    QCOMPARE(stored[30], 30 + 300);
    QCOMPARE(stored[60], 600);
}

QTEST_GUILESS_MAIN(TestMultiRowInsert)
#include "tst_multirowinsert.moc"
