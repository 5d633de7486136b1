#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>

#include "transfer.h"

namespace Sluice {

// Work a file worker does before the next bytes of a body can go out (see ChunkJob).
struct WorkerJob
{
    virtual ~WorkerJob() = default;
    virtual void run() = 0;
};

// A cursor over a response's bytes, head first: a shared file's (BodyReader) or a shared
// folder's archive (ArchiveReader). The event loop never waits on a disk: bytes that are not
// in memory yet are pending until a file worker ran takePreparation()'s job.
class ResponseBody
{
public:
    virtual ~ResponseBody() = default;

    struct Segment
    {
        QByteArrayView bytes; // the next bytes to send
        Transfer::Error error = Transfer::Error::None;
        EndReason reason;
        bool pending = false; // the next bytes wait for takePreparation()'s work
    };
    // The next at most `maxBytes` bytes, without consuming them. They stay valid until advance().
    virtual Segment current(qint64 maxBytes) = 0;
    // When the current piece is literal (a head), the start of the piece after it, so both can
    // go out in one system call; empty otherwise.
    virtual Segment following(qint64 maxBytes) = 0;
    virtual void advance(qint64 bytes) = 0;
    // The event loop has had a turn since the response's head was made.
    virtual void identityAged() = 0;
    virtual bool atEnd() const = 0;
    // True while the rest of the current piece is literal (the head, multipart separators).
    virtual bool atLiteral() const = 0;
    // File bytes ready but not yet consumed: what Sluice itself holds for the client.
    virtual qint64 bufferedBytes() const = 0;

    // The work a file worker must do, or null when there is none; hand it back, done, to
    // completePreparation(). A body may offer work before it is pending (reading ahead).
    virtual std::shared_ptr<WorkerJob> takePreparation() = 0;
    virtual void completePreparation(WorkerJob &job) = 0;
    virtual quint64 device() const = 0;
    // The next bytes wait for a worker (a slow or hung file, not a slow client).
    virtual bool awaitsWorker() const = 0;
};

} // namespace Sluice
