#pragma once

#include "standinoptions.h"

#include <QList>
#include <QWidget>

namespace CutPilot::Standin {

/// A fault dialog (VIP, update, anomaly, export failure; spec/editor-automation.md §11.7). The
/// real editor's strings are unknown, so these carry stand-in descriptions (`StandinVipDialog`,
/// `StandinVipCloseBtn` …) that the stand-in profile's `popups` name. Embedded in a window (role
/// Dialog, like the export dialog) or, without a parent, a top-level application-modal window.
class PopupDialog final : public QWidget
{
    Q_OBJECT

public:
    struct Button
    {
        QString text;
        QString description;
    };
    struct Spec
    {
        QString title; ///< accessible name
        QString message;
        QString description; ///< e.g. StandinVipDialog
        QList<Button> buttons;
    };

    PopupDialog(const StandinOptions &options, const Spec &spec, QWidget *parent = nullptr);

signals:
    void buttonClicked(int index);
};

/// The dialogs the faults show.
PopupDialog::Spec vipDialogSpec();
PopupDialog::Spec updateDialogSpec();
PopupDialog::Spec anomalyDialogSpec();
PopupDialog::Spec exportErrorSpec(const QString &message);

} // namespace CutPilot::Standin
