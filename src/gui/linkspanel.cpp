#include "linkspanel.h"

#include <QCheckBox>

#include "blobserver.h"
#include "servedlinks.h"
#include "shareregistry.h"
#include "ui_linkspanel.h"

namespace Sluice {

LinksPanel::LinksPanel(ServedLinks &links, BlobServer &server, ShareRegistry &shares,
                       QWidget *parent)
    : QGroupBox(parent)
    , m_links(links)
    , m_server(server)
    , m_shares(shares)
    , m_ui(std::make_unique<Ui::LinksPanel>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("linksGroup"));
    connect(m_ui->linkList, &LinkList::chosenLinkChanged, this, [this](const QString &url) {
        m_chosenUrl = url;
        showQrCode();
    });
    connect(m_ui->qrPageCheck, &QCheckBox::toggled, this, [this](bool on) {
        showQrCode();
        Q_EMIT qrShowsPageChanged(on);
    });
    connect(m_ui->linkList, &LinkList::linkCopied, this, &LinksPanel::linkCopied);
    connect(m_ui->startServingButton, &QPushButton::clicked, this, &LinksPanel::startRequested);
    connect(&m_links, &ServedLinks::changed, this, &LinksPanel::update);
    connect(&m_shares, &ShareRegistry::shareAdded, this, &LinksPanel::update);
    connect(&m_shares, &ShareRegistry::shareRemoved, this, [this](const QByteArray &token) {
        if (token == m_token)
            m_token.clear();
        update();
    });
    update();
}

LinksPanel::~LinksPanel() = default;

void LinksPanel::setShare(const QByteArray &token)
{
    if (token == m_token)
        return;
    m_token = token;
    update();
}

void LinksPanel::setQrShowsPage(bool on)
{
    m_ui->qrPageCheck->setChecked(on);
}

bool LinksPanel::qrShowsPage() const
{
    return m_ui->qrPageCheck->isChecked();
}

void LinksPanel::showQrCode()
{
    // The page is the link's folder: "http://host:port/<token>/".
    const QString url = m_ui->qrPageCheck->isChecked() && !m_chosenUrl.isEmpty()
        ? m_chosenUrl.left(m_chosenUrl.lastIndexOf(u'/') + 1)
        : m_chosenUrl;
    m_ui->qrCode->setText(url); // percent-encoded: what a phone's camera opens
    m_ui->qrUrlLabel->setText(ServedLinks::displayText(url));
}

QString LinksPanel::stateText() const
{
    return m_ui->linksStateLabel->isVisibleTo(this) ? m_ui->linksStateLabel->text() : QString();
}

void LinksPanel::update()
{
    const bool serving = m_server.isListening();
    QString state;
    if (!serving)
        state = tr("The server is stopped: nothing can be downloaded until it starts.");
    else if (m_shares.count() == 0)
        state = tr("Add a file to get a link.");
    else if (!m_shares.find(m_token))
        state = tr("Select a file to see its links.");
    m_ui->linksStateLabel->setText(state);
    m_ui->linksStateLabel->setVisible(!state.isEmpty());
    m_ui->startServingButton->setVisible(!serving);
    QList<LinkList::Link> links;
    if (state.isEmpty()) {
        for (const ServedLinks::Link &link : m_links.links(m_token))
            links.append({link.url, link.label});
    }
    m_ui->linkList->setLinks(links);
    m_ui->qrCode->setVisible(!links.isEmpty());
    m_ui->qrUrlLabel->setVisible(!links.isEmpty());
    m_ui->qrPageCheck->setVisible(!links.isEmpty());
}

} // namespace Sluice
