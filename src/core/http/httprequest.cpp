#include "httprequest.h"

#include "httptokens.h"

namespace Sluice {

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (field.first == name)
            return true;
    }
    return false;
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    QByteArray value;
    bool found = false;
    for (const auto &field : headers) {
        if (field.first != name)
            continue;
        if (found)
            value += ", ";
        value += field.second;
        found = true;
    }
    return value;
}

QByteArray HttpRequest::requestLine() const
{
    return method + ' ' + target + " HTTP/" + QByteArray::number(versionMajor) + '.'
        + QByteArray::number(versionMinor);
}

bool HttpRequest::wantsKeepAlive() const
{
    const QByteArray connection = header("connection");
    if (HttpTokens::listContainsToken(connection, "close"))
        return false;
    if (isHttp11OrLater())
        return true;
    return HttpTokens::listContainsToken(connection, "keep-alive");
}

} // namespace Sluice
