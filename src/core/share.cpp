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
        etag = identity.etag();
        lastModified = HttpDate::format(identity.lastModified());
    }
    currentIdentity = identity;
}

} // namespace Sluice
