#include "notificationcenter.h"

#include "desktopnotifications.h"
#include "engine.h"
#include "notifier.h"

namespace Sluice {
namespace {

// Notices that may still be clicked: older ones have long left the screen.
constexpr qsizetype rememberedNotices = 256;

QString categoryOf(const Notice &notice)
{
    return notice.kind == Notice::Kind::Problem ? QStringLiteral("network.error")
                                                : QStringLiteral("transfer.complete");
}

} // namespace

NotificationCenter::NotificationCenter(Engine &engine, const QDBusConnection &bus, Notifier &tray,
                                       QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_tray(tray)
    , m_desktop(new DesktopNotifications(bus, this))
{
    connect(&engine.server, &BlobServer::downloadCompleted, this,
            [this](const QByteArray &token, const QByteArray &, quint64 transferId) {
                handleDownloadCompleted(token, transferId);
            });
    connect(&engine.server, &BlobServer::acceptingPaused, this, [this](const QString &reason) {
        handleProblem(tr("Sluice is not accepting new connections"), reason);
    });
    connect(&engine.server, &BlobServer::errorOccurred, this,
            [this](const QString &reason) { handleProblem(tr("Sluice cannot serve"), reason); });
    connect(&m_pacer, &NotificationPacer::due, this, &NotificationCenter::deliver);
    connect(m_desktop, &DesktopNotifications::activated, this, &NotificationCenter::open);
    connect(m_desktop, &DesktopNotifications::failed, this,
            [this](const QString &, const QString &, quint64 cookie) {
                const auto notice = m_shown.constFind(cookie);
                if (notice != m_shown.constEnd())
                    showInTray(*notice, cookie);
            });
    connect(m_desktop, &DesktopNotifications::availabilityChanged, this,
            &NotificationCenter::availabilityChanged);
    connect(&m_tray, &Notifier::messageClicked, this, [this] { open(m_trayCookie); });
}

NotificationCenter::~NotificationCenter() = default;

bool NotificationCenter::canNotify() const
{
    return m_desktop->isAvailable() || m_tray.isVisible();
}

void NotificationCenter::handleDownloadCompleted(const QByteArray &token, quint64 transferId)
{
    if (m_completions && !m_completions())
        return;
    const Share *share = m_engine.shares.find(token);
    if (!share)
        return; // removed while the signal waited
    const Transfer *transfer = m_engine.transfers.find(transferId);
    Notice notice;
    notice.kind = Notice::Kind::DownloadCompleted;
    notice.summary = tr("Download complete");
    notice.body = transfer
        ? tr("%1 downloaded %2").arg(transfer->peerAddress.toString(), share->name)
        : tr("%1 was downloaded").arg(share->name);
    notice.transferId = transferId;
    notice.shareToken = token;
    m_pacer.post(notice);
}

void NotificationCenter::handleProblem(const QString &summary, const QString &reason)
{
    Notice notice;
    notice.kind = Notice::Kind::Problem;
    notice.summary = summary;
    notice.body = reason;
    m_pacer.post(notice);
}

void NotificationCenter::deliver(const Notice &notice)
{
    const quint64 cookie = m_nextCookie++;
    m_shown.insert(cookie, notice);
    m_shownOrder.append(cookie);
    while (m_shownOrder.size() > rememberedNotices)
        m_shown.remove(m_shownOrder.takeFirst());
    if (m_desktop->isAvailable())
        m_desktop->show(notice.summary, notice.body, categoryOf(notice), cookie);
    else
        showInTray(notice, cookie);
}

void NotificationCenter::showInTray(const Notice &notice, quint64 cookie)
{
    if (m_tray.showMessage(notice.summary, notice.body, notice.kind == Notice::Kind::Problem))
        m_trayCookie = cookie;
}

void NotificationCenter::open(quint64 cookie)
{
    const auto notice = m_shown.constFind(cookie);
    if (notice != m_shown.constEnd())
        Q_EMIT openRequested(notice->transferId, notice->shareToken);
}

} // namespace Sluice
