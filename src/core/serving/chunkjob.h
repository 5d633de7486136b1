#pragma once

#include <memory>

#include <QByteArray>
#include <QString>

#include "blobidentity.h"
#include "filemapping.h"
#include "openfile.h"
#include "responsebody.h"
#include "transfer.h"

namespace Sluice {

// What a file worker does before a chunk of a body may be sent from the event loop: it checks
// that the path still names the version the response describes (stat(2), and access(2) when
// the permissions changed), opens the file if nobody has yet, and brings the chunk into memory,
// so sending it cannot wait on the disk. Built and read on the event loop, run on a worker.
struct ChunkJob : WorkerJob
{
    // The work.
    QByteArray encodedPath;
    BlobIdentity expected; // its ctime is brought up to date by a check that passes
    bool checkIdentity = false;
    std::shared_ptr<const OpenFile> file; // null: the worker opens the file
    std::shared_ptr<const FileMapping> mapping; // when the body is sent from a mapping
    qint64 offset = 0;
    qint64 length = 0;
    bool intoBuffer = false; // read the range into `buffer`, for bodies sent without a mapping
    // Check the path once the range is in `buffer`: the copy is then known to be of the
    // version the response describes (a body's last bytes go out only that way).
    bool checkAfterRead = false;
    QByteArray buffer;

    // The outcome.
    Transfer::Error error = Transfer::Error::None;
    EndReason reason;

    void run() override;

private:
    bool check();
    bool open();
    bool read(char *into, qint64 offset, qint64 length);
    void fail(Transfer::Error why, EndReason::Kind reason, const QString &systemMessage = {});
};

} // namespace Sluice
