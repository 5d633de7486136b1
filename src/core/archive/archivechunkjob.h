#pragma once

#include <memory>

#include <QByteArray>
#include <QString>

#include "crctable.h"
#include "openfile.h"
#include "responsebody.h"
#include "transfer.h"
#include "ziplayout.h"

namespace Sluice {

// Fills a buffer with archive bytes [offset, offset + length) on a file worker: generated
// headers, and member data read from the members, each checked after the copy against the
// snapshot (a member that was modified, replaced, removed or grew fails the job, so its bytes
// never go out). A member read from its first byte has its CRC computed on the way and put in
// the table, so a first download does not wait for the background pass.
struct ArchiveChunkJob : WorkerJob
{
    // The member being read, carried from one chunk to the next: kept open, with the CRC of
    // the bytes read from its start.
    struct Member
    {
        qsizetype entry = -1;
        std::shared_ptr<const OpenFile> file;
        qint64 crcBytes = 0;
        quint32 crc = 0;
    };

    // The work.
    std::shared_ptr<const ZipLayout> layout;
    std::shared_ptr<CrcTable> crcs;
    qint64 offset = 0;
    qint64 length = 0;
    QByteArray buffer; // resized to `length`; keeps its capacity from chunk to chunk
    Member member;

    // The outcome. On an error, the first `made` bytes of the buffer are still right.
    qint64 made = 0;
    Transfer::Error error = Transfer::Error::None;
    EndReason reason;

    void run() override;

private:
    bool readMember(qsizetype entry, qint64 offsetInFile, char *into, qint64 bytes);
    bool openMember(qsizetype entry);
    bool checkMember(qsizetype entry);
    void fail(Transfer::Error why, EndReason::Kind kind, const QString &member,
              const QString &systemMessage = {});
};

} // namespace Sluice
