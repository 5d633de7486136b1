#include <QTest>

#include "conditional.h"
#include "httpdate.h"
#include "requestparser.h"

using namespace Sluice;

Q_DECLARE_METATYPE(Sluice::Precondition)

namespace {

const QByteArray currentTag = "\"abc-123\"";
const QDateTime modified(QDate(2024, 3, 5), QTime(10, 20, 30), Qt::UTC);

HttpRequest requestWith(const QByteArray &method, const QByteArray &headers)
{
    return parseRequestHead(QByteArray(method + " /t HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n"))
        .request;
}

} // namespace

class tst_Conditional : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void preconditions_data();
    void preconditions();
    void ifRange_data();
    void ifRange();
    void dates_data();
    void dates();
    void formatsImfFixdate();
};

void tst_Conditional::preconditions_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<Precondition>("expected");

    const QByteArray before = "Tue, 05 Mar 2024 10:20:29 GMT\r\n";
    const QByteArray same = "Tue, 05 Mar 2024 10:20:30 GMT\r\n";
    const QByteArray after = "Tue, 05 Mar 2024 10:20:31 GMT\r\n";
    QTest::addRow("none") << QByteArray("GET") << QByteArray() << Precondition::Proceed;
    QTest::addRow("INM match") << QByteArray("GET") << QByteArray("If-None-Match: \"abc-123\"\r\n")
                               << Precondition::NotModified;
    QTest::addRow("INM weak match")
        << QByteArray("GET") << QByteArray("If-None-Match: W/\"abc-123\"\r\n")
        << Precondition::NotModified;
    QTest::addRow("INM list") << QByteArray("HEAD")
                              << QByteArray("If-None-Match: \"x\", \"abc-123\"\r\n")
                              << Precondition::NotModified;
    QTest::addRow("INM star") << QByteArray("GET") << QByteArray("If-None-Match: *\r\n")
                              << Precondition::NotModified;
    QTest::addRow("INM other") << QByteArray("GET") << QByteArray("If-None-Match: \"zzz\"\r\n")
                               << Precondition::Proceed;
    QTest::addRow("INM beats IMS")
        << QByteArray("GET") << QByteArray("If-None-Match: \"zzz\"\r\nIf-Modified-Since: " + after)
        << Precondition::Proceed;
    QTest::addRow("IMS same second")
        << QByteArray("GET") << QByteArray("If-Modified-Since: " + same)
        << Precondition::NotModified;
    QTest::addRow("IMS later") << QByteArray("GET") << QByteArray("If-Modified-Since: " + after)
                               << Precondition::NotModified;
    QTest::addRow("IMS earlier") << QByteArray("GET") << QByteArray("If-Modified-Since: " + before)
                                 << Precondition::Proceed;
    QTest::addRow("IMS invalid date")
        << QByteArray("GET") << QByteArray("If-Modified-Since: yesterday\r\n")
        << Precondition::Proceed;
    QTest::addRow("IM match") << QByteArray("GET") << QByteArray("If-Match: \"abc-123\"\r\n")
                              << Precondition::Proceed;
    QTest::addRow("IM star") << QByteArray("GET") << QByteArray("If-Match: *\r\n")
                             << Precondition::Proceed;
    QTest::addRow("IM weak never matches")
        << QByteArray("GET") << QByteArray("If-Match: W/\"abc-123\"\r\n") << Precondition::Failed;
    QTest::addRow("IM other") << QByteArray("GET") << QByteArray("If-Match: \"zzz\"\r\n")
                              << Precondition::Failed;
    QTest::addRow("IUS earlier") << QByteArray("GET")
                                 << QByteArray("If-Unmodified-Since: " + before)
                                 << Precondition::Failed;
    QTest::addRow("IUS same") << QByteArray("GET") << QByteArray("If-Unmodified-Since: " + same)
                              << Precondition::Proceed;
    QTest::addRow("IM match ignores IUS")
        << QByteArray("GET")
        << QByteArray("If-Match: \"abc-123\"\r\nIf-Unmodified-Since: " + before)
        << Precondition::Proceed;
    // Found by fuzzing: a comma is a legal entity-tag character, not only a list separator.
    QTest::addRow("IM list with a comma inside a tag")
        << QByteArray("GET") << QByteArray("If-Match: \"a,b\", \"abc-123\"\r\n")
        << Precondition::Proceed;
    QTest::addRow("INM tag with a comma does not match")
        << QByteArray("GET") << QByteArray("If-None-Match: \"abc-123,x\"\r\n")
        << Precondition::Proceed;
    QTest::addRow("IM ok then INM match")
        << QByteArray("GET") << QByteArray("If-Match: *\r\nIf-None-Match: \"abc-123\"\r\n")
        << Precondition::NotModified;
}

void tst_Conditional::preconditions()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, headers);
    QFETCH(Precondition, expected);
    QCOMPARE(int(evaluatePreconditions(requestWith(method, headers), {currentTag, modified})),
             int(expected));
}

void tst_Conditional::ifRange_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<bool>("partial");
    QTest::addRow("absent") << QByteArray() << true;
    QTest::addRow("strong etag") << QByteArray("If-Range: \"abc-123\"\r\n") << true;
    QTest::addRow("weak etag") << QByteArray("If-Range: W/\"abc-123\"\r\n") << false;
    QTest::addRow("other etag") << QByteArray("If-Range: \"old\"\r\n") << false;
    QTest::addRow("exact date") << QByteArray("If-Range: Tue, 05 Mar 2024 10:20:30 GMT\r\n")
                                << true;
    QTest::addRow("other date") << QByteArray("If-Range: Tue, 05 Mar 2024 10:20:31 GMT\r\n")
                                << false;
    QTest::addRow("garbage") << QByteArray("If-Range: soon\r\n") << false;
}

void tst_Conditional::ifRange()
{
    QFETCH(QByteArray, headers);
    QFETCH(bool, partial);
    QCOMPARE(ifRangeAllowsPartial(requestWith("GET", headers), {currentTag, modified}), partial);
}

void tst_Conditional::dates_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QDateTime>("expected");
    const QDateTime nov94(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC);
    QTest::addRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << nov94;
    QTest::addRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << nov94;
    QTest::addRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << nov94;
    QTest::addRow("not GMT") << QByteArray("Sun, 06 Nov 1994 08:49:37 PST") << QDateTime();
    QTest::addRow("bad month") << QByteArray("Sun, 06 Foo 1994 08:49:37 GMT") << QDateTime();
    QTest::addRow("bad day") << QByteArray("Sun, 31 Feb 1994 08:49:37 GMT") << QDateTime();
    QTest::addRow("bad time") << QByteArray("Sun, 06 Nov 1994 25:49:37 GMT") << QDateTime();
    QTest::addRow("empty") << QByteArray() << QDateTime();
}

void tst_Conditional::dates()
{
    QFETCH(QByteArray, text);
    QFETCH(QDateTime, expected);
    const auto parsed = HttpDate::parse(text);
    QCOMPARE(parsed.has_value(), expected.isValid());
    if (parsed)
        QCOMPARE(*parsed, expected);
}

void tst_Conditional::formatsImfFixdate()
{
    const QDateTime time(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC);
    QCOMPARE(HttpDate::format(time), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
    QCOMPARE(*HttpDate::parse(HttpDate::format(modified)), modified);
    // Found by fuzzing: years below 1000 keep four digits, so they parse back.
    const QDateTime early(QDate(997, 11, 6), QTime(8, 49, 37), Qt::UTC);
    QCOMPARE(HttpDate::format(early), QByteArray("Mon, 06 Nov 0997 08:49:37 GMT"));
    QCOMPARE(*HttpDate::parse(HttpDate::format(early)), early);
}

QTEST_GUILESS_MAIN(tst_Conditional)
#include "tst_conditional.moc"
