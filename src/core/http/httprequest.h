#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QPair>

namespace Sluice {

// One parsed request head. Header names are stored lower-cased; values keep their case.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent: origin-form, absolute-form, authority-form or "*"
    QByteArray path; // percent-encoded path of the target, query and fragment removed
    int versionMajor = 1;
    int versionMinor = 1;
    QList<QPair<QByteArray, QByteArray>> headers;
    qint64 contentLength = 0; // body bytes that follow the head
    // A small POST body (a password form), read with the head; other bodies are dropped.
    QByteArray body;

    bool isHttp11OrLater() const
    {
        return versionMajor > 1 || (versionMajor == 1 && versionMinor >= 1);
    }
    bool hasHeader(QByteArrayView name) const;
    // The value of a header; repeated fields are joined with ", " as RFC 9110 §5.3 allows.
    QByteArray header(QByteArrayView name) const;
    QByteArray requestLine() const;
    // Persistence per RFC 9112 §9.3: 1.1 keeps alive unless "close"; 1.0 only with "keep-alive".
    bool wantsKeepAlive() const;
};

} // namespace Sluice
