#include "share.h"

#include "contentdisposition.h"

namespace Sluice {

QByteArray Share::linkPath() const
{
    return '/' + token + '/' + encodePathSegment(name);
}

} // namespace Sluice
