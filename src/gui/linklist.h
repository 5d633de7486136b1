#pragma once

#include <QList>
#include <QWidget>

#include "lanaddresses.h"

class QVBoxLayout;
class QButtonGroup;

namespace Sluice {

// One row per link: the URL, what kind of address it uses, and a copy button. The chosen link
// (the best one unless the user picks another) drives the QR code.
class LinkList : public QWidget
{
    Q_OBJECT
public:
    struct Link
    {
        QString url;
        QString label;
    };

    explicit LinkList(QWidget *parent = nullptr);

    void setLinks(const QList<Link> &links);
    QList<Link> links() const { return m_links; }
    QString chosenLink() const;

Q_SIGNALS:
    void chosenLinkChanged(const QString &url);
    void linkCopied(const QString &url);

private:
    void copy(const QString &url);

    QList<Link> m_links;
    QVBoxLayout *m_layout = nullptr;
    QButtonGroup *m_choice = nullptr;
};

} // namespace Sluice
