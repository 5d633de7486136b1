#include <QTest>

#include "byterange.h"

using namespace Sluice;
using Outcome = RangeRequest::Outcome;

Q_DECLARE_METATYPE(Sluice::RangeRequest::Outcome)
Q_DECLARE_METATYPE(Sluice::ByteRange)

class tst_ByteRange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolve_data();
    void resolve();
    void largeOffsets();
};

void tst_ByteRange::resolve_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QList<ByteRange>>("ranges");

    using L = QList<ByteRange>;
    QTest::addRow("first bytes") << QByteArray("bytes=0-99") << qint64(1000) << Outcome::Partial
                                 << L {{0, 99}};
    QTest::addRow("open end") << QByteArray("bytes=900-") << qint64(1000) << Outcome::Partial
                              << L {{900, 999}};
    // Found by fuzzing: the overlap check overflowed for sizes near 2^62.
    QTest::addRow("overlaps of a huge size")
        << QByteArray("bytes=1-1,0-1,0-1") << qint64(0x4000000000002710) << Outcome::Partial
        << L {{0, 1}};
    QTest::addRow("suffix") << QByteArray("bytes=-100") << qint64(1000) << Outcome::Partial
                            << L {{900, 999}};
    QTest::addRow("suffix longer than file")
        << QByteArray("bytes=-5000") << qint64(1000) << Outcome::Partial << L {{0, 999}};
    QTest::addRow("last clipped") << QByteArray("bytes=990-5000") << qint64(1000)
                                  << Outcome::Partial << L {{990, 999}};
    QTest::addRow("single byte") << QByteArray("bytes=5-5") << qint64(1000) << Outcome::Partial
                                 << L {{5, 5}};
    QTest::addRow("unit case and spaces") << QByteArray(" Bytes = 1-2 , 4-5 ") << qint64(10)
                                          << Outcome::Partial << L {{1, 2}, {4, 5}};
    QTest::addRow("empty list elements")
        << QByteArray("bytes=,1-2,,") << qint64(10) << Outcome::Partial << L {{1, 2}};
    QTest::addRow("two ranges sorted") << QByteArray("bytes=500-599,0-9") << qint64(1000)
                                       << Outcome::Partial << L {{0, 9}, {500, 599}};
    QTest::addRow("overlaps coalesced")
        << QByteArray("bytes=0-50,40-100") << qint64(1000) << Outcome::Partial << L {{0, 100}};
    QTest::addRow("adjacent coalesced")
        << QByteArray("bytes=0-9,10-19") << qint64(1000) << Outcome::Partial << L {{0, 19}};
    QTest::addRow("one satisfiable of two")
        << QByteArray("bytes=0-9,5000-6000") << qint64(1000) << Outcome::Partial << L {{0, 9}};
    QTest::addRow("start past end")
        << QByteArray("bytes=1000-") << qint64(1000) << Outcome::Unsatisfiable << L {};
    QTest::addRow("zero suffix") << QByteArray("bytes=-0") << qint64(1000) << Outcome::Unsatisfiable
                                 << L {};
    QTest::addRow("empty file") << QByteArray("bytes=0-") << qint64(0) << Outcome::Unsatisfiable
                                << L {};
    QTest::addRow("empty file suffix")
        << QByteArray("bytes=-1") << qint64(0) << Outcome::Unsatisfiable << L {};
    QTest::addRow("reversed is invalid")
        << QByteArray("bytes=9-1") << qint64(1000) << Outcome::Full << L {};
    QTest::addRow("garbage") << QByteArray("bytes=abc") << qint64(1000) << Outcome::Full << L {};
    QTest::addRow("no dash") << QByteArray("bytes=5") << qint64(1000) << Outcome::Full << L {};
    QTest::addRow("lone dash") << QByteArray("bytes=-") << qint64(1000) << Outcome::Full << L {};
    QTest::addRow("negative start")
        << QByteArray("bytes=--5") << qint64(1000) << Outcome::Full << L {};
    QTest::addRow("other unit") << QByteArray("items=0-5") << qint64(1000) << Outcome::Full << L {};
    QTest::addRow("no equals") << QByteArray("bytes") << qint64(1000) << Outcome::Full << L {};
    QTest::addRow("one bad spec spoils all")
        << QByteArray("bytes=0-1,x-2") << qint64(1000) << Outcome::Full << L {};
    QTest::addRow("overflowing number")
        << QByteArray("bytes=0-99999999999999999999999") << qint64(1000) << Outcome::Full << L {};

    QByteArray many = "bytes=";
    for (int i = 0; i < 200; ++i)
        many += QByteArray::number(i * 10) + '-' + QByteArray::number(i * 10) + ',';
    QTest::addRow("too many specs") << many << qint64(100000) << Outcome::Full << L {};
    QByteArray overlapping = "bytes=";
    for (int i = 0; i < 20; ++i)
        overlapping += "0-999,";
    QTest::addRow("abusive overlaps") << overlapping << qint64(1000) << Outcome::Full << L {};
    QByteArray scattered = "bytes=";
    for (int i = 0; i < 40; ++i)
        scattered += QByteArray::number(i * 100) + '-' + QByteArray::number(i * 100 + 1) + ',';
    QTest::addRow("too many parts") << scattered << qint64(100000) << Outcome::Full << L {};
}

void tst_ByteRange::resolve()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, size);
    QFETCH(Outcome, outcome);
    QFETCH(QList<ByteRange>, ranges);
    const RangeRequest result = resolveRange(header, size);
    QCOMPARE(int(result.outcome), int(outcome));
    QCOMPARE(result.ranges.size(), ranges.size());
    for (qsizetype i = 0; i < ranges.size(); ++i) {
        QCOMPARE(result.ranges[i].first, ranges[i].first);
        QCOMPARE(result.ranges[i].last, ranges[i].last);
    }
}

void tst_ByteRange::largeOffsets()
{
    const qint64 size = 5LL * 1024 * 1024 * 1024;
    const RangeRequest result = resolveRange("bytes=4831838208-", size);
    QCOMPARE(int(result.outcome), int(Outcome::Partial));
    QCOMPARE(result.ranges.first().first, 4831838208LL);
    QCOMPARE(result.ranges.first().last, size - 1);
    QCOMPARE(resolveRange("bytes=-1", size).ranges.first().first, size - 1);
}

QTEST_GUILESS_MAIN(tst_ByteRange)
#include "tst_byterange.moc"
