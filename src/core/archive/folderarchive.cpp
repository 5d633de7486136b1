#include "folderarchive.h"

#include <QCoreApplication>

namespace Sluice {

std::shared_ptr<FolderArchive> FolderArchive::fromSnapshot(FolderSnapshot snapshot, QString *error)
{
    if (snapshot.entries.isEmpty()) {
        *error = QCoreApplication::translate("FolderArchive",
                                             "%1: the folder holds nothing that can be read")
                     .arg(snapshot.root);
        if (!snapshot.leftOut.isEmpty()) {
            const FolderSnapshot::LeftOut &first = snapshot.leftOut.first();
            *error += QCoreApplication::translate("FolderArchive", " (%1: %2)")
                          .arg(first.path, first.reasonInAppLanguage());
        }
        return nullptr;
    }
    auto archive = std::make_shared<FolderArchive>();
    archive->etag = snapshot.etag();
    archive->fileCount = snapshot.fileCount;
    archive->fileBytes = snapshot.fileBytes;
    archive->newestMtimeNs = snapshot.newestMtimeNs;
    archive->leftOut = std::move(snapshot.leftOut);
    QString layoutError;
    archive->layout = ZipLayout::build(std::move(snapshot.entries), &layoutError);
    if (!archive->layout) {
        *error = snapshot.root + QStringLiteral(": ") + layoutError;
        return nullptr;
    }
    archive->crcs = std::make_shared<CrcTable>(archive->layout->entryCount());
    archive->layout->fillTrivialCrcs(*archive->crcs);
    return archive;
}

} // namespace Sluice
