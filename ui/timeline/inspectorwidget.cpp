#include "inspectorwidget.h"

#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftbuilders.h"
#include "core/services/draftservice.h"
#include "ui/timeline/timelinelayout.h"
#include "ui/timeline/timelinewidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace CutPilot::Ui {

using namespace Core;

namespace {

QDoubleSpinBox *spin(const QString &name, double min, double max, int decimals, double step)
{
    auto *box = new QDoubleSpinBox;
    box->setObjectName(name);
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    box->setKeyboardTracking(false);
    return box;
}

QList<CatalogKind> kindsFor(TrackType type)
{
    switch (type) {
    case TrackType::Video:
        return {CatalogKind::Filter,     CatalogKind::SceneEffect, CatalogKind::CharacterEffect,
                CatalogKind::VideoIntro, CatalogKind::VideoOutro,  CatalogKind::VideoCombo,
                CatalogKind::Mask,       CatalogKind::Transition,  CatalogKind::MixMode};
    case TrackType::Text:
        return {CatalogKind::TextIntro, CatalogKind::TextOutro, CatalogKind::TextLoop,
                CatalogKind::TextBubble, CatalogKind::FlowerText};
    case TrackType::Audio:
        return {CatalogKind::AudioSceneEffect, CatalogKind::VoiceChanger,
                CatalogKind::SpeechToSong};
    default:
        return {};
    }
}

QString kindLabel(CatalogKind kind)
{
    switch (kind) {
    case CatalogKind::SceneEffect:
        return InspectorWidget::tr("Scene effects");
    case CatalogKind::CharacterEffect:
        return InspectorWidget::tr("Character effects");
    case CatalogKind::Filter:
        return InspectorWidget::tr("Filters");
    case CatalogKind::Transition:
        return InspectorWidget::tr("Transitions");
    case CatalogKind::VideoIntro:
    case CatalogKind::TextIntro:
        return InspectorWidget::tr("Intro animations");
    case CatalogKind::VideoOutro:
    case CatalogKind::TextOutro:
        return InspectorWidget::tr("Outro animations");
    case CatalogKind::VideoCombo:
        return InspectorWidget::tr("Combo animations");
    case CatalogKind::TextLoop:
        return InspectorWidget::tr("Loop animations");
    case CatalogKind::Mask:
        return InspectorWidget::tr("Masks");
    case CatalogKind::TextBubble:
        return InspectorWidget::tr("Text bubbles");
    case CatalogKind::FlowerText:
        return InspectorWidget::tr("Flower text");
    case CatalogKind::AudioSceneEffect:
        return InspectorWidget::tr("Sound effects");
    case CatalogKind::VoiceChanger:
        return InspectorWidget::tr("Voice changers");
    case CatalogKind::SpeechToSong:
        return InspectorWidget::tr("Speech to song");
    case CatalogKind::MixMode:
        return InspectorWidget::tr("Blend modes");
    default:
        return catalogKindName(kind);
    }
}

Result<AuxMaterial> buildAux(const CatalogEntry &e, const Segment &s, const MediaMaterial &media)
{
    using DraftBuilders::AnimationSlot;
    // One animation container per segment: keep the animations already there (rebuilt from
    // their JSON) except the one in the new slot, and intro/outro versus combo.
    auto animation = [&](AnimationSlot slot, bool text) {
        QList<DraftBuilders::AnimationSpec> specs;
        for (const AuxMaterial &aux : s.aux) {
            if (aux.list != u"material_animations"_s)
                continue;
            for (const QJsonValue &v : aux.json.value(u"animations"_s).toArray()) {
                const QJsonObject a = v.toObject();
                const QString type = a.value(u"type"_s).toString();
                DraftBuilders::AnimationSpec old;
                old.entry.ns = e.ns;
                old.entry.name = a.value(u"name"_s).toString();
                old.entry.resourceId = a.value(u"resource_id"_s).toString();
                old.entry.effectId = a.value(u"id"_s).toString();
                old.durationUs = a.value(u"duration"_s).toInteger();
                if (type == u"in"_s) {
                    old.slot = AnimationSlot::In;
                    old.entry.kind = text ? CatalogKind::TextIntro : CatalogKind::VideoIntro;
                } else if (type == u"out"_s) {
                    old.slot = AnimationSlot::Out;
                    old.entry.kind = text ? CatalogKind::TextOutro : CatalogKind::VideoOutro;
                } else if (type == u"group"_s && !text) {
                    old.slot = AnimationSlot::Combo;
                    old.entry.kind = CatalogKind::VideoCombo;
                } else if (type == u"loop"_s && text) {
                    old.slot = AnimationSlot::Loop;
                    old.entry.kind = CatalogKind::TextLoop;
                } else {
                    continue;
                }
                const bool comboClash
                    = (slot == AnimationSlot::Combo) != (old.slot == AnimationSlot::Combo)
                      && old.slot != AnimationSlot::Loop && slot != AnimationSlot::Loop;
                if (old.slot != slot && !comboClash)
                    specs.append(old);
            }
        }
        specs.append({e, slot, std::nullopt});
        std::stable_sort(specs.begin(), specs.end(), [](const auto &a, const auto &b) {
            return int(a.slot) < int(b.slot); // intro, outro, combo, loop: outro before loop
        });
        return DraftBuilders::animations(specs, s.target.duration, text);
    };
    switch (e.kind) {
    case CatalogKind::Filter:
        return DraftBuilders::filter(e, 1.0);
    case CatalogKind::SceneEffect:
    case CatalogKind::CharacterEffect:
        return DraftBuilders::videoEffect(e);
    case CatalogKind::VideoIntro:
        return animation(AnimationSlot::In, false);
    case CatalogKind::VideoOutro:
        return animation(AnimationSlot::Out, false);
    case CatalogKind::VideoCombo:
        return animation(AnimationSlot::Combo, false);
    case CatalogKind::TextIntro:
        return animation(AnimationSlot::In, true);
    case CatalogKind::TextOutro:
        return animation(AnimationSlot::Out, true);
    case CatalogKind::TextLoop:
        return animation(AnimationSlot::Loop, true);
    case CatalogKind::Mask:
        return DraftBuilders::mask(e, {}, qMax(1, media.width), qMax(1, media.height));
    case CatalogKind::Transition:
        return DraftBuilders::transition(e);
    case CatalogKind::MixMode:
        return DraftBuilders::mixMode(e);
    case CatalogKind::TextBubble:
        return DraftBuilders::textBubble(e);
    case CatalogKind::FlowerText:
        return DraftBuilders::flowerText(e);
    case CatalogKind::AudioSceneEffect:
    case CatalogKind::VoiceChanger:
    case CatalogKind::SpeechToSong:
        return DraftBuilders::audioEffect(e);
    default:
        return Error::invalidArgument(u"kind"_s, u"this catalog item cannot be attached here"_s);
    }
}

} // namespace

InspectorWidget::InspectorWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"inspector"_s);
    build();
    retranslate();
    reload();
}

InspectorWidget::~InspectorWidget() = default;

void InspectorWidget::build()
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    outer->addWidget(scroll);
    auto *content = new QWidget;
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(content);

    m_title = new QLabel;
    m_title->setObjectName(u"inspectorTitle"_s);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_timing = new QLabel;
    m_message = new QLabel;
    m_message->setObjectName(u"inspectorMessage"_s);
    m_message->setWordWrap(true);
    m_message->hide();
    layout->addWidget(m_title);
    layout->addWidget(m_timing);
    layout->addWidget(m_message);

    m_transformBox = new QGroupBox;
    auto *tf = new QFormLayout(m_transformBox);
    m_x = spin(u"positionX"_s, -100, 100, 3, 0.05);
    m_y = spin(u"positionY"_s, -100, 100, 3, 0.05);
    m_scaleX = spin(u"scaleX"_s, 0.01, 50, 3, 0.05);
    m_scaleY = spin(u"scaleY"_s, 0.01, 50, 3, 0.05);
    m_rotation = spin(u"rotation"_s, -360, 360, 1, 1);
    m_alpha = spin(u"alpha"_s, 0, 1, 2, 0.05);
    m_flipH = new QCheckBox;
    m_flipV = new QCheckBox;
    m_applyTransform = new QPushButton;
    m_applyTransform->setObjectName(u"applyTransform"_s);
    tf->addRow(u"X"_s, m_x);
    tf->addRow(u"Y"_s, m_y);
    tf->addRow(new QLabel(this), m_scaleX);
    tf->addRow(new QLabel(this), m_scaleY);
    tf->addRow(new QLabel(this), m_rotation);
    tf->addRow(new QLabel(this), m_alpha);
    tf->addRow(m_flipH);
    tf->addRow(m_flipV);
    tf->addRow(m_applyTransform);
    layout->addWidget(m_transformBox);

    m_mediaBox = new QGroupBox;
    auto *mf = new QFormLayout(m_mediaBox);
    m_speed = spin(u"speed"_s, 0.1, 100, 2, 0.1);
    m_applySpeed = new QPushButton;
    m_applySpeed->setObjectName(u"applySpeed"_s);
    m_volume = spin(u"volume"_s, 0, 10, 2, 0.1);
    m_applyVolume = new QPushButton;
    m_applyVolume->setObjectName(u"applyVolume"_s);
    m_fadeIn = new QSpinBox;
    m_fadeIn->setObjectName(u"fadeIn"_s);
    m_fadeOut = new QSpinBox;
    m_fadeOut->setObjectName(u"fadeOut"_s);
    for (QSpinBox *fade : {m_fadeIn, m_fadeOut}) {
        fade->setRange(0, 600'000);
        fade->setSuffix(u" ms"_s);
        fade->setKeyboardTracking(false);
    }
    m_applyFades = new QPushButton;
    m_applyFades->setObjectName(u"applyFades"_s);
    auto row = [](QWidget *a, QWidget *b) {
        auto *w = new QWidget;
        auto *h = new QHBoxLayout(w);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(a, 1);
        h->addWidget(b);
        return w;
    };
    mf->addRow(new QLabel(this), row(m_speed, m_applySpeed));
    mf->addRow(new QLabel(this), row(m_volume, m_applyVolume));
    mf->addRow(new QLabel(this), m_fadeIn);
    mf->addRow(new QLabel(this), m_fadeOut);
    mf->addRow(m_applyFades);
    layout->addWidget(m_mediaBox);

    m_textBox = new QGroupBox;
    auto *tl = new QVBoxLayout(m_textBox);
    m_text = new QPlainTextEdit;
    m_text->setObjectName(u"text"_s);
    m_text->setMaximumHeight(90);
    m_applyText = new QPushButton;
    m_applyText->setObjectName(u"applyText"_s);
    tl->addWidget(m_text);
    tl->addWidget(m_applyText);
    layout->addWidget(m_textBox);

    m_catalogBox = new QGroupBox;
    auto *cl = new QVBoxLayout(m_catalogBox);
    m_attached = new QListWidget;
    m_attached->setObjectName(u"attached"_s);
    m_attached->setMaximumHeight(90);
    m_detach = new QPushButton;
    m_detach->setObjectName(u"detach"_s);
    m_kind = new QComboBox;
    m_kind->setObjectName(u"catalogKind"_s);
    m_search = new QLineEdit;
    m_search->setObjectName(u"catalogSearch"_s);
    m_search->setClearButtonEnabled(true);
    m_results = new QListWidget;
    m_results->setObjectName(u"catalogResults"_s);
    m_attach = new QPushButton;
    m_attach->setObjectName(u"attach"_s);
    cl->addWidget(m_attached);
    cl->addWidget(m_detach);
    cl->addWidget(m_kind);
    cl->addWidget(m_search);
    cl->addWidget(m_results);
    cl->addWidget(m_attach);
    layout->addWidget(m_catalogBox);
    layout->addStretch(1);

    connect(m_applyTransform, &QPushButton::clicked, this, &InspectorWidget::applyTransform);
    connect(m_applySpeed, &QPushButton::clicked, this, &InspectorWidget::applySpeed);
    connect(m_applyVolume, &QPushButton::clicked, this, &InspectorWidget::applyVolume);
    connect(m_applyFades, &QPushButton::clicked, this, &InspectorWidget::applyFades);
    connect(m_applyText, &QPushButton::clicked, this, &InspectorWidget::applyText);
    connect(m_attach, &QPushButton::clicked, this, &InspectorWidget::attachSelected);
    connect(m_results, &QListWidget::itemDoubleClicked, this, &InspectorWidget::attachSelected);
    connect(m_detach, &QPushButton::clicked, this, &InspectorWidget::detachSelected);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &InspectorWidget::reloadCatalog);
    connect(m_search, &QLineEdit::textChanged, this, &InspectorWidget::reloadCatalog);
}

void InspectorWidget::retranslate()
{
    m_transformBox->setTitle(tr("Transform"));
    auto *tf = static_cast<QFormLayout *>(m_transformBox->layout());
    const QString labels[]
        = {tr("X"), tr("Y"), tr("Scale X"), tr("Scale Y"), tr("Rotation"), tr("Opacity")};
    for (int i = 0; i < 6; ++i) {
        if (auto *label
            = qobject_cast<QLabel *>(tf->itemAt(i, QFormLayout::LabelRole)
                                         ? tf->itemAt(i, QFormLayout::LabelRole)->widget()
                                         : nullptr))
            label->setText(labels[i]);
    }
    m_flipH->setText(tr("Flip horizontally"));
    m_flipV->setText(tr("Flip vertically"));
    m_applyTransform->setText(tr("Apply transform"));
    m_mediaBox->setTitle(tr("Playback"));
    auto *mf = static_cast<QFormLayout *>(m_mediaBox->layout());
    const QString mediaLabels[] = {tr("Speed"), tr("Volume"), tr("Fade in"), tr("Fade out")};
    for (int i = 0; i < 4; ++i) {
        if (QLayoutItem *item = mf->itemAt(i, QFormLayout::LabelRole))
            if (auto *label = qobject_cast<QLabel *>(item->widget()))
                label->setText(mediaLabels[i]);
    }
    m_speed->setSuffix(u" ×"_s);
    m_applySpeed->setText(tr("Apply"));
    m_applyVolume->setText(tr("Apply"));
    m_applyFades->setText(tr("Apply fades"));
    m_textBox->setTitle(tr("Text"));
    m_applyText->setText(tr("Apply text"));
    m_catalogBox->setTitle(tr("Animations, effects, filters, masks"));
    m_detach->setText(tr("Detach selected"));
    m_search->setPlaceholderText(tr("Search the catalog"));
    m_attach->setText(tr("Attach"));
    reload();
}

void InspectorWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void InspectorWidget::setSegment(DraftService *service, const QString &segmentId)
{
    if (m_service != service) {
        if (m_service)
            disconnect(m_service, nullptr, this, nullptr);
        m_service = service;
        if (service)
            connect(service, &DraftService::draftChanged, this, &InspectorWidget::reload);
    }
    m_segmentId = segmentId;
    showMessage({}, false);
    reload();
}

void InspectorWidget::setCatalogs(std::shared_ptr<CatalogRegistry> catalogs)
{
    m_catalogs = std::move(catalogs);
    reload();
}

QString InspectorWidget::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

void InspectorWidget::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? u"color: #e05050;"_s : QString());
    m_message->setVisible(!text.isEmpty());
}

bool InspectorWidget::report(const Result<> &result)
{
    if (result) {
        showMessage({}, false);
        return true;
    }
    showMessage(result.error().message(), true);
    Q_EMIT editRefused(result.error().message());
    return false;
}

void InspectorWidget::reload()
{
    const auto [track, s] = m_service ? m_service->draft().segment(m_segmentId)
                                      : std::pair<const Track *, const Segment *>{};
    const bool has = s != nullptr;
    for (QWidget *w : std::initializer_list<QWidget *>{m_transformBox, m_mediaBox, m_textBox,
                                                       m_catalogBox, m_timing})
        w->setVisible(has);
    if (!has) {
        m_title->setText(tr("No clip selected"));
        return;
    }
    const Draft &draft = m_service->draft();
    const MediaMaterial media = draft.media.value(s->materialId);
    const bool isMedia = s->source.has_value();
    const bool isText = s->text.has_value();
    m_title->setText(isText                  ? tr("Text: %1").arg(s->text->text.left(40))
                     : !media.name.isEmpty() ? media.name
                                             : TimelineWidget::trackTypeLabel(track->type));
    m_timing->setText(tr("Start %1 · length %2")
                          .arg(TimelineLayout::timecode(s->target.start, draft.fps),
                               TimelineLayout::timecode(s->target.duration, draft.fps)));
    const bool visual = track->type != TrackType::Audio && track->type != TrackType::Effect
                        && track->type != TrackType::Filter;
    m_transformBox->setVisible(visual);
    m_x->setValue(s->transform.x);
    m_y->setValue(s->transform.y);
    m_scaleX->setValue(s->transform.scaleX);
    m_scaleY->setValue(s->transform.scaleY);
    m_rotation->setValue(s->transform.rotation);
    m_alpha->setValue(s->transform.alpha);
    m_flipH->setChecked(s->transform.flipHorizontal);
    m_flipV->setChecked(s->transform.flipVertical);
    m_mediaBox->setVisible(isMedia);
    m_speed->setValue(s->speed);
    m_volume->setValue(s->volume);
    m_fadeIn->setValue(int(s->fadeInUs / 1000));
    m_fadeOut->setValue(int(s->fadeOutUs / 1000));
    m_textBox->setVisible(isText);
    if (isText && m_text->toPlainText() != s->text->text)
        m_text->setPlainText(s->text->text);

    m_attached->clear();
    for (const AuxMaterial &aux : s->aux) {
        QString name = aux.json.value(u"name"_s).toString();
        if (name.isEmpty())
            name = aux.type();
        auto *item = new QListWidgetItem(u"%1 · %2"_s.arg(aux.list, name), m_attached);
        item->setData(Qt::UserRole, aux.id());
    }
    const QVariant kind = m_kind->currentData();
    const QSignalBlocker block(m_kind);
    m_kind->clear();
    for (CatalogKind k : kindsFor(track->type))
        m_kind->addItem(kindLabel(k), int(k));
    if (const int i = m_kind->findData(kind); i >= 0)
        m_kind->setCurrentIndex(i);
    m_catalogBox->setVisible(!kindsFor(track->type).isEmpty());
    reloadCatalog();
}

void InspectorWidget::reloadCatalog()
{
    m_results->clear();
    if (!m_catalogs || !m_service || m_kind->count() == 0) {
        m_results->setEnabled(false);
        m_attach->setEnabled(false);
        m_search->setEnabled(false);
        m_search->setToolTip(tr("No catalog is loaded"));
        return;
    }
    m_results->setEnabled(true);
    m_attach->setEnabled(true);
    m_search->setEnabled(true);
    m_search->setToolTip({});
    const auto kind = CatalogKind(m_kind->currentData().toInt());
    const CatalogNamespace ns = m_service->profile().product == u"capcut"_s
                                    ? CatalogNamespace::CapCut
                                    : CatalogNamespace::JianYing;
    const QList<CatalogEntry> found = m_catalogs->search(kind, ns, m_search->text());
    for (const CatalogEntry &e : found.first(qMin<qsizetype>(found.size(), 500))) {
        QString label = e.name.isEmpty() ? e.nameEn : e.name;
        if (!e.nameEn.isEmpty() && e.nameEn != label)
            label += u" (%1)"_s.arg(e.nameEn);
        if (e.vip)
            label = tr("%1 [VIP]").arg(label);
        auto *item = new QListWidgetItem(label, m_results);
        item->setData(Qt::UserRole, e.resourceId);
    }
}

void InspectorWidget::applyTransform()
{
    if (!m_service)
        return;
    Transform t;
    t.x = m_x->value();
    t.y = m_y->value();
    t.scaleX = m_scaleX->value();
    t.scaleY = m_scaleY->value();
    t.rotation = m_rotation->value();
    t.alpha = m_alpha->value();
    t.flipHorizontal = m_flipH->isChecked();
    t.flipVertical = m_flipV->isChecked();
    report(m_service->setTransform(m_segmentId, t));
}

void InspectorWidget::applySpeed()
{
    if (m_service)
        report(m_service->setSpeed(m_segmentId, m_speed->value()));
}

void InspectorWidget::applyVolume()
{
    if (m_service)
        report(m_service->setVolume(m_segmentId, m_volume->value()));
}

void InspectorWidget::applyFades()
{
    if (!m_service)
        return;
    const auto [track, s] = m_service->draft().segment(m_segmentId);
    if (!s)
        return;
    const qint64 in = qint64(m_fadeIn->value()) * 1000;
    const qint64 out = qint64(m_fadeOut->value()) * 1000;
    if (in + out > s->target.duration) {
        report(Error::invalidArgument(
            u"fades"_s,
            tr("The fades are longer than the clip (%1 ms)").arg(s->target.duration / 1000)));
        return;
    }
    report(m_service->setFades(m_segmentId, in, out));
}

void InspectorWidget::applyText()
{
    if (!m_service)
        return;
    const QString text = m_text->toPlainText();
    if (text.trimmed().isEmpty()) {
        report(Error::invalidArgument(u"text"_s, tr("A text clip needs some text")));
        return;
    }
    report(m_service->replaceText(m_segmentId, text));
}

void InspectorWidget::attachSelected()
{
    if (!m_service || !m_catalogs || !m_results->currentItem())
        return;
    const auto [track, s] = m_service->draft().segment(m_segmentId);
    if (!s)
        return;
    const auto kind = CatalogKind(m_kind->currentData().toInt());
    const CatalogNamespace ns = m_service->profile().product == u"capcut"_s
                                    ? CatalogNamespace::CapCut
                                    : CatalogNamespace::JianYing;
    const std::optional<CatalogEntry> entry = m_catalogs->findByResourceId(
        kind, ns, m_results->currentItem()->data(Qt::UserRole).toString());
    if (!entry)
        return;
    Result<AuxMaterial> aux = buildAux(*entry, *s, m_service->draft().media.value(s->materialId));
    if (!aux) {
        report(aux.error());
        return;
    }
    Result<QString> attached = m_service->attachMaterial(m_segmentId, *aux);
    report(attached ? Result<>() : Result<>(attached.error()));
}

void InspectorWidget::detachSelected()
{
    if (!m_service || !m_attached->currentItem())
        return;
    report(m_service->detachMaterial(m_segmentId,
                                     m_attached->currentItem()->data(Qt::UserRole).toString()));
}

} // namespace CutPilot::Ui
