#pragma once

#include "core/draft/catalog/catalogentry.h"
#include "core/services/draftservice.h"
#include "core/support/result.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace CutPilot::Core {
class CatalogRegistry;
} // namespace CutPilot::Core

namespace CutPilot::Ui {

/// The selected segment's properties. Each group (transform, speed, volume, fades, text) is
/// applied with its own button as one DraftService call, so one edit is one undo step and a
/// refused edit (the service validates) changes nothing; the refusal is shown in the panel and
/// through editRefused(). Catalog items (animations, effects, filters, masks, transitions, ...)
/// are attached from a searchable picker over the CatalogRegistry (VIP items marked) and detached
/// from the list of attached items. Follows draftChanged, so API edits show up here too.
class InspectorWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit InspectorWidget(QWidget *parent = nullptr);
    ~InspectorWidget() override;

    /// Shows `segmentId` of `service` (nullptr or an empty id: nothing selected).
    void setSegment(Core::DraftService *service, const QString &segmentId);
    QString segmentId() const { return m_segmentId; }
    void setCatalogs(std::shared_ptr<Core::CatalogRegistry> catalogs);

    /// The last message shown (empty after a successful edit).
    QString message() const;

Q_SIGNALS:
    void editRefused(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void build();
    void retranslate();
    void reload();
    void reloadCatalog();
    bool report(const Core::Result<> &result);
    void showMessage(const QString &text, bool error);

    void applyTransform();
    void applySpeed();
    void applyVolume();
    void applyFades();
    void applyText();
    void attachSelected();
    void detachSelected();

    QPointer<Core::DraftService> m_service;
    QString m_segmentId;
    std::shared_ptr<Core::CatalogRegistry> m_catalogs;

    QLabel *m_title = nullptr;
    QLabel *m_timing = nullptr;
    QLabel *m_message = nullptr;
    QGroupBox *m_transformBox = nullptr;
    QDoubleSpinBox *m_x = nullptr;
    QDoubleSpinBox *m_y = nullptr;
    QDoubleSpinBox *m_scaleX = nullptr;
    QDoubleSpinBox *m_scaleY = nullptr;
    QDoubleSpinBox *m_rotation = nullptr;
    QDoubleSpinBox *m_alpha = nullptr;
    QCheckBox *m_flipH = nullptr;
    QCheckBox *m_flipV = nullptr;
    QPushButton *m_applyTransform = nullptr;
    QGroupBox *m_mediaBox = nullptr;
    QDoubleSpinBox *m_speed = nullptr;
    QPushButton *m_applySpeed = nullptr;
    QDoubleSpinBox *m_volume = nullptr;
    QPushButton *m_applyVolume = nullptr;
    QSpinBox *m_fadeIn = nullptr;
    QSpinBox *m_fadeOut = nullptr;
    QPushButton *m_applyFades = nullptr;
    QGroupBox *m_textBox = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QPushButton *m_applyText = nullptr;
    QGroupBox *m_catalogBox = nullptr;
    QListWidget *m_attached = nullptr;
    QPushButton *m_detach = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_search = nullptr;
    QListWidget *m_results = nullptr;
    QPushButton *m_attach = nullptr;
};

} // namespace CutPilot::Ui
