#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QString>

namespace Sluice {

// Why a transfer ended short of completing, as data: worded only when it is shown (text()), in
// the language of whoever shows it, and never matched by its words.
struct EndReason
{
    enum class Kind {
        None,
        FileRemoved,
        FileReplaced,
        FileModified,
        FileTruncated,
        FileUnreadable, // its permissions no longer allow reading
        ReadFailed, // systemMessage says why
        ChecksumUnknown, // a folder archive's member whose CRC is not computed yet
        FileNotAnswering, // its disk or network mount hangs
        ClientClosed,
        ClientStoppedReading, // for longer than the stall timeout
        ServerStopped,
        ShareRemoved,
        CancelledByUser,
        ClientBlocked,
    };

    EndReason() = default;
    EndReason(Kind kind, const QString &member = {}, const QString &systemMessage = {})
        : kind(kind)
        , member(member)
        , systemMessage(systemMessage)
    {
    }

    Kind kind = Kind::None;
    QString member; // in a folder's archive: the file the reason is about
    QString systemMessage; // ReadFailed: the system's own text (strerror)

    bool isNone() const { return kind == Kind::None; }
    // In the application's language: "the file was truncated", "big.bin was removed".
    QString text() const;
    friend bool operator==(const EndReason &, const EndReason &) = default;
};

// One response body on its way to a client, as the transfer list shows it.
struct Transfer
{
    enum class State {
        Sending,
        Completed, // every byte of the body left Sluice
        Cancelled, // stopped by the person sharing
        ClientGone, // the client closed or reset the connection
        Failed, // stopped by Sluice; see error
    };
    enum class Error {
        None,
        FileRemoved,
        FileChanged,
        FileTruncated,
        FileUnreadable, // its permissions no longer allow reading
        ReadFailed,
        Stalled, // the client stopped reading for longer than the stall timeout
        ServerStopped,
        ClientBlocked, // cancelled because its client's address was blocked
    };

    quint64 id = 0;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    QByteArray shareToken;
    QString fileName;
    QByteArray range; // "bytes a-b" for partial responses, empty for the whole file
    qint64 bytesSent = 0; // drained from Sluice's buffers to the kernel
    // Received by the client: acknowledged by its TCP stack (bytesSent minus what the kernel still
    // holds unacknowledged), sampled by TransferTracker's timer. At the end it is bytesSent for a
    // completed response (the graceful close delivers the rest) and what the kernel had confirmed
    // for any other. Progress, speed, ETA and stalled follow this, not bytesSent.
    qint64 bytesDelivered = 0;
    qint64 bytesDue = 0; // the response body length
    // Where the body lies in the file, so one client's transfers of a share add up to one
    // download: the file's size, and the offset of a single-stretch body (-1 for a multipart
    // body, whose stretches are not one run of the file).
    qint64 fileSize = 0;
    qint64 fileOffset = 0;
    // Handed to the kernel but dropped by the reset that ended an unfinished response: no
    // longer in bytesSent, kept so the two together show where Sluice stopped sending.
    qint64 bytesDiscarded = 0;
    qint64 peakQueuedBytes = 0; // the most file data Sluice itself ever held for this client
    QDateTime startedAt; // wall clock, for display and logs only
    QDateTime finishedAt;
    // Durations, speed and ETA come from the monotonic clock, so a wall-clock jump (NTP, resume
    // from suspend) changes none of them. Milliseconds on TransferTracker's clock.
    qint64 startedMs = 0;
    qint64 finishedMs = 0;
    double bytesPerSecond = 0; // delivered, over the last few seconds; 0 once nothing moves
    qint64 etaSeconds = -1; // -1: unknown (nothing moves, or the transfer ended)
    bool stalled = false; // active, but nothing delivered for TransferTracker::stalledAfter
    // Paused by the person sharing: nothing is sent and the stall timeout does not apply (the
    // client may still give up on its own).
    bool paused = false;
    State state = State::Sending;
    Error error = Error::None;
    EndReason endReason; // set for every state but Sending and Completed

    bool isActive() const { return state == State::Sending; }
    qint64 elapsedMs(qint64 nowMs) const { return (isActive() ? nowMs : finishedMs) - startedMs; }
    static QString stateName(State state);
};

} // namespace Sluice
