#include <QTest>

#include "byteintervals.h"

using namespace Sluice;

using Ranges = QList<QPair<qint64, qint64>>;
Q_DECLARE_METATYPE(Ranges)

// The delivered ranges of one client, merged whatever order and overlap they arrive in.
class tst_ByteIntervals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void merging_data();
    void merging();
};

void tst_ByteIntervals::merging_data()
{
    QTest::addColumn<Ranges>("added");
    QTest::addColumn<qint64>("covered");
    QTest::addColumn<int>("rangeCount");
    QTest::addColumn<bool>("coversHundred");
    QTest::addRow("nothing") << Ranges {} << qint64(0) << 0 << false;
    QTest::addRow("whole") << Ranges {{0, 100}} << qint64(100) << 1 << true;
    QTest::addRow("empty range ignored") << Ranges {{50, 50}, {60, 40}} << qint64(0) << 0 << false;
    QTest::addRow("touching halves") << Ranges {{50, 100}, {0, 50}} << qint64(100) << 1 << true;
    QTest::addRow("eight segments out of order")
        << Ranges {{75, 88}, {0, 13}, {50, 63}, {13, 25}, {88, 100}, {25, 38}, {63, 75}, {38, 50}}
        << qint64(100) << 1 << true;
    QTest::addRow("overlapping resume") << Ranges {{0, 70}, {60, 100}} << qint64(100) << 1 << true;
    QTest::addRow("gap") << Ranges {{0, 40}, {41, 100}} << qint64(99) << 2 << false;
    QTest::addRow("one range swallows others")
        << Ranges {{10, 20}, {30, 40}, {50, 60}, {5, 55}} << qint64(55) << 1 << false;
    QTest::addRow("missing the start") << Ranges {{1, 100}} << qint64(99) << 1 << false;
    QTest::addRow("missing the end") << Ranges {{0, 99}} << qint64(99) << 1 << false;
    QTest::addRow("beyond the end") << Ranges {{0, 150}} << qint64(150) << 1 << true;
}

void tst_ByteIntervals::merging()
{
    QFETCH(Ranges, added);
    QFETCH(qint64, covered);
    QFETCH(int, rangeCount);
    QFETCH(bool, coversHundred);
    ByteIntervals intervals;
    for (const auto &[first, end] : added)
        intervals.add(first, end);
    QCOMPARE(intervals.coveredBytes(), covered);
    QCOMPARE(intervals.rangeCount(), rangeCount);
    QCOMPARE(intervals.covers(100), coversHundred);
    QVERIFY(intervals.covers(0)); // an empty file is delivered by any response
}

QTEST_GUILESS_MAIN(tst_ByteIntervals)
#include "tst_byteintervals.moc"
