#include "dropzone.h"

#include <algorithm>

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMimeData>

namespace Sluice {
namespace {

constexpr auto messageDuration = std::chrono::seconds(6);

} // namespace

DropZone::DropZone(QWidget *parent)
    : QLabel(parent)
    , m_idleText(tr("Drop files or folders here to share them"))
{
    setAcceptDrops(true);
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Sunken);
    setMinimumHeight(80);
    setText(m_idleText);
    setAccessibleName(tr("Drop zone"));
    setAccessibleDescription(tr("Drop files or folders from a file manager here to share them"));
    m_messageTimer.setSingleShot(true);
    connect(&m_messageTimer, &QTimer::timeout, this, [this] {
        setText(m_idleText);
        setToolTip({});
    });
    // The layout gives the zone its width; its text never asks for more.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

DropZone::Verdict DropZone::judge(const QMimeData *mime)
{
    Verdict verdict;
    if (!mime || !mime->hasUrls()) {
        verdict.refusals.append(tr("Only files can be dropped here"));
        return verdict;
    }
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile()) {
            verdict.refusals.append(tr("%1 is not a local file").arg(url.toDisplayString()));
            continue;
        }
        const QFileInfo info(url.toLocalFile());
        if (!info.exists())
            verdict.refusals.append(tr("%1 does not exist").arg(info.filePath()));
        else
            verdict.files.append(info.absoluteFilePath());
    }
    return verdict;
}

void DropZone::dragEnterEvent(QDragEnterEvent *event)
{
    // Accept any URL drag so that the drop arrives and a refusal can say why.
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
        setHighlighted(true);
    } else {
        event->ignore();
    }
}

void DropZone::dragLeaveEvent(QDragLeaveEvent *event)
{
    setHighlighted(false);
    QLabel::dragLeaveEvent(event);
}

void DropZone::dropEvent(QDropEvent *event)
{
    setHighlighted(false);
    const Verdict verdict = judge(event->mimeData());
    if (!verdict.files.isEmpty()) {
        event->acceptProposedAction();
        Q_EMIT filesDropped(verdict.files);
    } else {
        event->ignore();
    }
    if (!verdict.refusals.isEmpty()) {
        showMessage(verdict.refusals.join(u'\n'));
        Q_EMIT dropRefused(verdict.refusals);
    }
}

void DropZone::showMessage(const QString &message)
{
    m_lastMessage = message;
    // A long path or URL has no place to wrap: each line is elided in the middle to the zone's
    // width, with the whole message in the tooltip, so no message widens the window.
    const int room = std::max(120, contentsRect().width() - 2 * margin() - 8);
    QStringList lines = message.split(u'\n');
    for (QString &line : lines)
        line = fontMetrics().elidedText(line, Qt::ElideMiddle, room);
    setText(lines.join(u'\n'));
    setToolTip(message);
    m_messageTimer.start(messageDuration);
}

void DropZone::setHighlighted(bool highlighted)
{
    setForegroundRole(highlighted ? QPalette::Highlight : QPalette::WindowText);
    setFrameShadow(highlighted ? QFrame::Raised : QFrame::Sunken);
}

} // namespace Sluice
