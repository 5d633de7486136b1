#include <QTest>
class tst_SlowDisk : public QObject
{
    Q_OBJECT
};
QTEST_GUILESS_MAIN(tst_SlowDisk)
#include "tst_slowdisk.moc"
