#include "linklist.h"

#include <QButtonGroup>
#include <QClipboard>
#include <QGuiApplication>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QToolButton>
#include <QVBoxLayout>

#include "servedlinks.h"

namespace Sluice {

LinkList::LinkList(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
    , m_choice(new QButtonGroup(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    setAccessibleName(tr("Links"));
    connect(m_choice, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
        if (checked)
            Q_EMIT chosenLinkChanged(m_links.value(id).url);
    });
}

QString LinkList::chosenLink() const
{
    const int id = m_choice->checkedId();
    return id >= 0 ? m_links.value(id).url : QString();
}

void LinkList::setLinks(const QList<Link> &links)
{
    const QString previous = chosenLink();
    m_links = links;
    while (QLayoutItem *item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    int chosen = 0;
    for (int i = 0; i < links.size(); ++i) {
        auto *row = new QWidget(this);
        // The kind of address on one line, the link under it with the whole width: a panel
        // beside the shares list leaves a link too little room on a line of its own otherwise.
        auto *rowLayout = new QGridLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->setVerticalSpacing(2);
        auto *pick = new QRadioButton(row);
        pick->setAccessibleName(tr("Show QR code for %1").arg(links[i].url));
        pick->setToolTip(tr("Show this link as a QR code"));
        m_choice->addButton(pick, i);
        // Read as people read it; the Copy button and the QR code carry the encoded link.
        auto *url = new QLineEdit(ServedLinks::displayText(links[i].url), row);
        url->setReadOnly(true);
        url->setToolTip(url->text());
        url->setMinimumWidth(url->fontMetrics().averageCharWidth() * 12);
        url->setCursorPosition(0); // show the host, which is what tells links apart
        url->setAccessibleName(tr("Link %1 (%2)").arg(i + 1).arg(links[i].label));
        auto *label = new QLabel(links[i].label, row);
        // A description, not a disabled control: it keeps the normal text colour.
        label->setObjectName(QStringLiteral("linkKindLabel"));
        auto *copyButton = new QToolButton(row);
        copyButton->setText(tr("Copy"));
        copyButton->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
        copyButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        copyButton->setAccessibleName(tr("Copy link %1").arg(i + 1));
        const QString text = links[i].url;
        connect(copyButton, &QToolButton::clicked, this, [this, text] { copy(text); });
        rowLayout->addWidget(pick, 0, 0);
        rowLayout->addWidget(label, 0, 1, 1, 2);
        rowLayout->addWidget(url, 1, 1);
        rowLayout->addWidget(copyButton, 1, 2);
        rowLayout->setColumnStretch(1, 1);
        m_layout->addWidget(row);
        if (links[i].url == previous)
            chosen = i;
    }
    if (links.isEmpty()) {
        Q_EMIT chosenLinkChanged({});
        return;
    }
    m_choice->button(chosen)->setChecked(true);
    Q_EMIT chosenLinkChanged(links[chosen].url);
}

void LinkList::copy(const QString &url)
{
    QGuiApplication::clipboard()->setText(url);
    Q_EMIT linkCopied(url);
}

} // namespace Sluice
