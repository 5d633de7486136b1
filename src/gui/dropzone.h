#pragma once

#include <QLabel>
#include <QStringList>
#include <QTimer>

class QMimeData;

namespace Sluice {

// A drop target for files from a file manager. Local regular files become `filesDropped`;
// folders and remote URLs are refused with a visible reason.
class DropZone : public QLabel
{
    Q_OBJECT
public:
    explicit DropZone(QWidget *parent = nullptr);

    struct Verdict
    {
        QStringList files;
        QStringList refusals; // one human-readable reason per refused item
    };
    static Verdict judge(const QMimeData *mime);
    QString lastMessage() const { return m_lastMessage; }

Q_SIGNALS:
    void filesDropped(const QStringList &paths);
    void dropRefused(const QStringList &reasons);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void showMessage(const QString &message);
    void setHighlighted(bool highlighted);

    QString m_idleText;
    QString m_lastMessage;
    QTimer m_messageTimer;
};

} // namespace Sluice
