#include <algorithm>
#include <cmath>
#include <csignal>
#include <limits>
#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include "httptestclient.h"
#include "testserver.h"
#include "throttledreader.h"
#include "transfermodel.h"

using namespace Sluice;
using namespace SluiceTest;

namespace {

constexpr double mebibyte = 1024.0 * 1024.0;
constexpr double speedTolerance = 0.15;
constexpr double etaTolerance = 0.20;
// The speed window is a few seconds: the start's burst (the client's receive buffer filling at
// once) is behind it by then.
constexpr qint64 warmUpMs = 5'000;
constexpr qint64 samplingMs = 5'000;
constexpr qint64 sampleEveryMs = 250;
// Files hold this many seconds at their client's rate: nobody nears the end while sampled.
constexpr double fileSeconds = 24;
constexpr double rates[] = {0.5, 2, 8}; // MiB/s
constexpr qint64 chunkSizes[] = {64 * 1024, 1024 * 1024, 8 * 1024 * 1024};
constexpr double headlessRate = 2; // MiB/s
constexpr qint64 headlessChunkSize = 1024 * 1024;
constexpr double maxProgressLagSeconds = 1;

const QString sluiceBinary = QStringLiteral(SLUICE_BINARY);

QString chunkName(qint64 chunkSize)
{
    return chunkSize >= 1024 * 1024 ? QStringLiteral("%1 MiB").arg(chunkSize / (1024 * 1024))
                                    : QStringLiteral("%1 KiB").arg(chunkSize / 1024);
}

// The worst relative errors of one client's figures over the samples, signed.
struct Errors
{
    int samples = 0;
    double speed = 0;
    double eta = 0;
    double speedMin = std::numeric_limits<double>::max();
    double speedMax = 0;
    QStringList failures;

    void add(double speedError, double etaError)
    {
        ++samples;
        speed = std::abs(speedError) > std::abs(speed) ? speedError : speed;
        eta = std::abs(etaError) > std::abs(eta) ? etaError : eta;
    }
    QString summary() const
    {
        return QStringLiteral("speed error %1 %, ETA error %2 % over %3 samples")
            .arg(speed * 100, 0, 'f', 1)
            .arg(eta * 100, 0, 'f', 1)
            .arg(samples);
    }
};

double relativeError(double shown, double truth)
{
    return (shown - truth) / truth;
}

// "2.0 MiB" as printed by TransferReport::formatBytes.
double parseBytes(const QString &number, const QString &unit)
{
    const QStringList units = {QStringLiteral("bytes"), QStringLiteral("KiB"),
                               QStringLiteral("MiB"), QStringLiteral("GiB")};
    return number.toDouble() * std::pow(1024.0, double(units.indexOf(unit)));
}

} // namespace

// The speed, ETA and state the engine shows follow what a client at a steady rate receives,
// whatever the chunk size: a chunk's burst into the kernel is not speed, and the quiet between
// two chunks is not a stall.
class tst_TransferSpeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void engineFollowsSteadyClients();
    void headlessProgressFollowsASteadyClient();

private:
    QString fileFor(double rate) const
    {
        return m_dir.filePath(QStringLiteral("rate-%1.bin").arg(rate));
    }

    QTemporaryDir m_dir;
};

void tst_TransferSpeed::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (double rate : rates) {
        // Content is not checked here: a sparse file is served like any other.
        QFile file(fileFor(rate));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(qint64(rate * mebibyte * fileSeconds)));
    }
}

void tst_TransferSpeed::engineFollowsSteadyClients()
{
    struct Lane
    {
        qint64 chunkSize = 0;
        double rate = 0; // bytes per second
        TestServer *server = nullptr;
        TransferModel *model = nullptr;
        std::unique_ptr<ThrottledReader> reader;
        quint64 id = 0;
        Errors errors;
        QList<qint64> received; // at each sample
    };
    std::vector<std::unique_ptr<TestServer>> servers;
    std::vector<std::unique_ptr<TransferModel>> models;
    std::vector<Lane> lanes;
    QList<QByteArray> tokens;
    for (qint64 chunkSize : chunkSizes) {
        ServerSettings settings = TestServer::defaultSettings();
        settings.chunkSize = chunkSize;
        auto server = std::make_unique<TestServer>(settings);
        // The window's pace, not the faster one TestServer picks for quick tests.
        server->transfers.setProgressInterval(std::chrono::milliseconds(250));
        QVERIFY(server->start());
        models.push_back(std::make_unique<TransferModel>(server->transfers));
        for (double rate : rates) {
            const QByteArray token = server->shareExistingFile(fileFor(rate));
            QVERIFY(!token.isEmpty());
            tokens.append(token);
            Lane &lane = lanes.emplace_back();
            lane.chunkSize = chunkSize;
            lane.rate = rate * mebibyte;
            lane.server = server.get();
            lane.model = models.back().get();
        }
        servers.push_back(std::move(server));
    }
    // Digests first: hashing the files would compete with the clients for the CPU.
    QVERIFY(waitUntil(
        [&] {
            for (qsizetype i = 0; i < tokens.size(); ++i) {
                if (lanes[i].server->shares.find(tokens[i])->sha256.isEmpty())
                    return false;
            }
            return true;
        },
        60'000));

    QElapsedTimer clock;
    clock.start();
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        Lane &lane = lanes[i];
        ThrottledReader::Options options;
        options.bytesPerSecond = lane.rate;
        lane.reader = std::make_unique<ThrottledReader>(lane.server->port(),
                                                        lane.server->linkPath(tokens[i]), options);
        QVERIFY(!lane.reader->failed());
    }
    QVERIFY(waitUntil([&] {
        for (Lane &lane : lanes) {
            for (quint64 id : lane.server->transfers.ids()) {
                if (lane.server->transfers.find(id)->peerPort == lane.reader->localPort())
                    lane.id = id;
            }
            if (lane.id == 0)
                return false;
        }
        return true;
    }));

    // Stalled is checked from the start, speed and ETA once the warm-up is over.
    for (qint64 next = sampleEveryMs; next <= warmUpMs + samplingMs; next += sampleEveryMs) {
        QVERIFY(waitUntil([&] { return clock.elapsed() >= next; }));
        for (Lane &lane : lanes) {
            const Transfer *transfer = lane.server->transfers.find(lane.id);
            const QString name = QStringLiteral("%1 MiB/s, %2 chunks at %3 ms")
                                     .arg(lane.rate / mebibyte)
                                     .arg(chunkName(lane.chunkSize))
                                     .arg(clock.elapsed());
            QVERIFY2(transfer && transfer->isActive() && !lane.reader->finished(),
                     qPrintable(name + QStringLiteral(": ended early")));
            if (transfer->stalled)
                lane.errors.failures.append(name + QStringLiteral(": stalled"));
            const int row = lane.model->rowOf(lane.id);
            if (row >= 0
                && lane.model->index(row, TransferModel::State)
                        .data(TransferModel::StateRole)
                        .toInt()
                    == int(TransferModel::DisplayState::Stalled))
                lane.errors.failures.append(name + QStringLiteral(": the model shows stalled"));
            // What the client has is what its TCP stack acknowledged: read, or waiting to be.
            const qint64 received
                = lane.reader->bodyBytesRead() + lane.reader->bytesWaitingInKernel();
            lane.received.append(received);
            if (next <= warmUpMs)
                continue;
            // The client's rate over the engine's speed window: a reader thread held up by a
            // busy machine catches up afterwards, and then it really takes more than its rate.
            const qsizetype windowSamples = TransferTracker::speedWindow.count() / sampleEveryMs;
            const double clientRate
                = double(received - lane.received[lane.received.size() - 1 - windowSamples])
                / double(windowSamples * sampleEveryMs) * 1000.0;
            const double trueEta = double(transfer->bytesDue - received) / lane.rate;
            const double speedError = relativeError(transfer->bytesPerSecond, clientRate);
            const double etaError = transfer->etaSeconds < 0
                ? -1.0
                : relativeError(double(transfer->etaSeconds), trueEta);
            lane.errors.add(speedError, etaError);
            lane.errors.speedMin = std::min(lane.errors.speedMin, transfer->bytesPerSecond);
            lane.errors.speedMax = std::max(lane.errors.speedMax, transfer->bytesPerSecond);
            if (std::abs(speedError) > speedTolerance || std::abs(etaError) > etaTolerance)
                lane.errors.failures.append(
                    name
                    + QStringLiteral(": shows %1 MiB/s, ETA %2 s; the client took %3 MiB/s, "
                                     "true ETA %4 s")
                          .arg(transfer->bytesPerSecond / mebibyte, 0, 'f', 2)
                          .arg(transfer->etaSeconds)
                          .arg(clientRate / mebibyte, 0, 'f', 2)
                          .arg(trueEta, 0, 'f', 1));
        }
    }

    QStringList failures;
    for (const Lane &lane : lanes) {
        // The first few of each client's failures are enough to see the pattern.
        if (!lane.errors.failures.isEmpty())
            failures.append(
                QStringLiteral("%1 failed samples, first: ").arg(lane.errors.failures.size())
                + lane.errors.failures.mid(0, 3).join(QStringLiteral("; ")));
        const double clientRate
            = double(lane.reader->bodyBytesRead()) * 1000.0 / double(clock.elapsed());
        qInfo("%4.1f MiB/s, %-7s chunks: %s; shown %.2f-%.2f MiB/s; client averaged %.2f MiB/s",
              lane.rate / mebibyte, qPrintable(chunkName(lane.chunkSize)),
              qPrintable(lane.errors.summary()), lane.errors.speedMin / mebibyte,
              lane.errors.speedMax / mebibyte, clientRate / mebibyte);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
}

void tst_TransferSpeed::headlessProgressFollowsASteadyClient()
{
    const QString blob = fileFor(headlessRate);
    QProcess process;
    process.start(sluiceBinary,
                  {QStringLiteral("--headless"), QStringLiteral("--progress"),
                   QStringLiteral("--chunk-size"), QString::number(headlessChunkSize),
                   QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"),
                   QStringLiteral("127.0.0.1"), QStringLiteral("--blob"), blob});
    QVERIFY(process.waitForStarted());
    // The link is printed once the digest is known and serving has started.
    QVERIFY(waitUntil(
        [&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }, 30'000));
    const QUrl url(QString::fromLatin1(process.readLine().trimmed()));
    QVERIFY2(url.isValid() && url.port() > 0, qPrintable(url.toString()));

    const double rate = headlessRate * mebibyte;
    const qint64 size = QFileInfo(blob).size();
    ThrottledReader::Options options;
    options.bytesPerSecond = rate;
    ThrottledReader reader(quint16(url.port()), url.path(QUrl::FullyEncoded).toLatin1(), options);
    QVERIFY(!reader.failed());
    QElapsedTimer clock;
    clock.start();

    // stderr is not a terminal: one status line a second, "sluice: 1 active, 2.0 MiB/s,
    // 9.8 MiB sent, ETA 0:19".
    static const QRegularExpression status(
        QStringLiteral("^sluice: (\\d+) active, ([\\d.]+) (bytes|KiB|MiB|GiB)/s, ([\\d.]+) "
                       "(bytes|KiB|MiB|GiB) sent(?:, ETA (?:(\\d+):)?(\\d+):(\\d+))?$"));
    Errors errors;
    double worstProgressLag = 0; // seconds at the client's rate
    QList<QPair<qint64, qint64>> history; // milliseconds, bytes the client received
    QStringList lines;
    QByteArray pending;
    while (clock.elapsed() < warmUpMs + samplingMs + 500) {
        QVERIFY(waitUntil([&] {
            pending += process.readAllStandardError();
            return pending.contains('\n') || process.state() == QProcess::NotRunning;
        }));
        QVERIFY2(process.state() == QProcess::Running, pending.constData());
        const qint64 received = reader.bodyBytesRead() + reader.bytesWaitingInKernel();
        const qint64 now = clock.elapsed();
        history.append({now, received});
        // The client's rate over at least the engine's speed window, as in the matrix.
        const auto windowStart = std::find_if(history.crbegin(), history.crend(), [&](auto p) {
            return p.first <= now - TransferTracker::speedWindow.count();
        });
        while (pending.contains('\n')) {
            const qsizetype end = pending.indexOf('\n');
            const QString line = QString::fromUtf8(pending.left(end));
            pending.remove(0, end + 1);
            const QRegularExpressionMatch match = status.match(line);
            if (!match.hasMatch())
                continue; // an access log line
            lines.append(QStringLiteral("%1 ms: ").arg(now) + line);
            const QString at = QStringLiteral("at %1 ms: ").arg(now) + line;
            QVERIFY2(match.captured(1) == QStringLiteral("1"), qPrintable(at));
            if (now < warmUpMs)
                continue;
            // The line has no stalled state of its own: a stall shows as a speed of 0 and no
            // ETA, which fail the checks below.
            const double speed = parseBytes(match.captured(2), match.captured(3));
            const double trueEta = double(size - received) / rate;
            const bool etaShown = match.hasCaptured(8);
            const double eta = etaShown ? match.captured(6).toDouble() * 3600
                    + match.captured(7).toDouble() * 60 + match.captured(8).toDouble()
                                        : -1.0;
            // Progress is what the client's stack acknowledged, never more than it received
            // (give or take the rounding to a tenth of a unit), and a tracker sample (a quarter
            // of a second) behind at most; bytes handed to the kernel run a chunk ahead.
            const double shown = parseBytes(match.captured(4), match.captured(5));
            const double rounding = parseBytes(QStringLiteral("0.05"), match.captured(5));
            const double progressLag = (shown - double(received)) / rate;
            worstProgressLag = std::abs(progressLag) > std::abs(worstProgressLag)
                ? progressLag
                : worstProgressLag;
            if (shown > double(received) + rounding || -progressLag > maxProgressLagSeconds)
                errors.failures.append(
                    at + QStringLiteral(" (the client has %1 bytes)").arg(received));
            QVERIFY(windowStart != history.crend());
            const double clientRate = double(received - windowStart->second) * 1000.0
                / double(now - windowStart->first);
            const double speedError = relativeError(speed, clientRate);
            const double etaError = etaShown ? relativeError(eta, trueEta) : -1.0;
            errors.add(speedError, etaError);
            if (std::abs(speedError) > speedTolerance || std::abs(etaError) > etaTolerance)
                errors.failures.append(
                    at
                    + QStringLiteral(" (the client took %1 MiB/s, true ETA %2 s)")
                          .arg(clientRate / mebibyte, 0, 'f', 2)
                          .arg(trueEta, 0, 'f', 1));
        }
    }
    QVERIFY2(!reader.finished(), "the file was too small for the sampling window");
    reader.stop();
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10'000));

    qInfo("headless, %.1f MiB/s, %s chunks: %s; progress off by %.2f s", headlessRate,
          qPrintable(chunkName(headlessChunkSize)), qPrintable(errors.summary()), worstProgressLag);
    QVERIFY2(errors.samples >= 4, qPrintable(lines.join(u'\n')));
    QVERIFY2(errors.failures.isEmpty(),
             qPrintable(errors.failures.join(u'\n') + QStringLiteral("\nall lines:\n")
                        + lines.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_TransferSpeed)
#include "tst_transferspeed.moc"
