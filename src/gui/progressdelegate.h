#pragma once

#include <QStyledItemDelegate>

namespace Sluice {

// Paints a progress bar with the style, from the model's progress role (0.0 – 1.0).
class ProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    ProgressDelegate(int progressRole, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    int m_progressRole;
};

} // namespace Sluice
