// Content-Disposition and link encoding of arbitrary file names (input as UTF-8).
#include <cstdint>
#include <cstdlib>

#include <QString>

#include "contentdisposition.h"

using namespace Sluice;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

bool isVisibleAscii(const QByteArray &bytes)
{
    for (char c : bytes) {
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    const QString name = QString::fromUtf8(reinterpret_cast<const char *>(bytes), qsizetype(size));

    // A header value: printable ASCII only, so no CR/LF can split the response.
    const QByteArray header = contentDispositionAttachment(name);
    check(isVisibleAscii(header));
    check(header.startsWith("attachment; filename=\""));
    const qsizetype star = header.indexOf("\"; filename*=UTF-8''");
    check(star > 0);
    // The quoted fallback holds no quote or backslash; the extended value decodes to the name.
    const QByteArray fallback = header.mid(22, star - 22);
    check(!fallback.isEmpty() && !fallback.contains('"') && !fallback.contains('\\'));
    check(QByteArray::fromPercentEncoding(header.mid(star + 20)) == name.toUtf8());

    const QByteArray segment = encodePathSegment(name);
    check(isVisibleAscii(segment) && !segment.contains('/') && !segment.contains('?')
          && !segment.contains('#'));
    check(QByteArray::fromPercentEncoding(segment) == name.toUtf8());
    return 0;
}
