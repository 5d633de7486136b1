#include "share.h"

#include "contentdisposition.h"
#include "httpdate.h"

namespace Sluice {

QByteArray Share::linkPath() const
{
    return '/' + token + '/' + encodePathSegment(name);
}

void Share::setCurrentIdentity(const BlobIdentity &identity)
{
    if (!identity.sameFileAndContent(currentIdentity) || etag.isEmpty()) {
        etag = archive ? archive->etag : identity.etag();
        lastModified = HttpDate::format(identity.lastModified());
    }
    if (file && !file->isVersion(identity))
        file.reset(); // transfers of the old version keep their own reference
    currentIdentity = identity;
}

void Share::setMimeType(const QString &type)
{
    mimeType = type;
    contentType = type.toLatin1();
}

} // namespace Sluice
