<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CutPilot::App::EditorHost</name>
    <message>
        <source>Stand-in editor (test tool, not JianYing)</source>
        <translation>模拟编辑器（测试工具，并非剪映）</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>编辑器</translation>
    </message>
    <message>
        <source>%1: stopped</source>
        <translation>%1：已停止</translation>
    </message>
    <message>
        <source>%1: unavailable: %2</source>
        <translation>%1：不可用：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 (version changed to %2: check the editor)</source>
        <translation>%1（版本已变为 %2：请检查编辑器）</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::DraftBrowser</name>
    <message numerus="yes">
        <source>%n draft(s)</source>
        <translation>
            <numerusform>%n 个草稿</numerusform>
        </translation>
    </message>
    <message>
        <source>Drafts could not be read: %1</source>
        <translation>无法读取草稿：%1</translation>
    </message>
    <message>
        <source>New draft</source>
        <translation>新建草稿</translation>
    </message>
    <message>
        <source>Name of the new draft:</source>
        <translation>新草稿名称：</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>A draft needs a name.</source>
        <translation>请为草稿命名。</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <source>Delete the draft &quot;%1&quot;? This cannot be undone.</source>
        <translation>要删除草稿“%1”吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Create an empty draft</source>
        <translation>创建空白草稿</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::DraftListModel</name>
    <message>
        <source>%1
Key: %2
Profile: %3
Tracks: %4</source>
        <translation>%1
标识：%2
草稿配置：%3
轨道：%4</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::EditorHealthTexts</name>
    <message>
        <source>No editor configured</source>
        <translation>未配置编辑器</translation>
    </message>
    <message>
        <source>Editor ready</source>
        <translation>编辑器就绪</translation>
    </message>
    <message>
        <source>Editor exporting</source>
        <translation>编辑器正在导出</translation>
    </message>
    <message>
        <source>Editor degraded</source>
        <translation>编辑器运行异常</translation>
    </message>
    <message>
        <source>Editor down</source>
        <translation>编辑器不可用</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>unresponsive</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>正在重启</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>Needs VIP</source>
        <translation>需要会员</translation>
    </message>
    <message>
        <source>Draft not found in the editor</source>
        <translation>编辑器中找不到草稿</translation>
    </message>
    <message>
        <source>Editor crashed</source>
        <translation>编辑器崩溃</translation>
    </message>
    <message>
        <source>Editor not responding</source>
        <translation>编辑器无响应</translation>
    </message>
    <message>
        <source>Export stalled</source>
        <translation>导出停滞</translation>
    </message>
    <message>
        <source>The editor reported an error</source>
        <translation>编辑器报告了错误</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Automation error</source>
        <translation>自动化错误</translation>
    </message>
    <message>
        <source>No output file</source>
        <translation>没有输出文件</translation>
    </message>
    <message>
        <source>Output file still changing</source>
        <translation>输出文件仍在变化</translation>
    </message>
    <message>
        <source>Output is not a valid video</source>
        <translation>输出不是有效的视频</translation>
    </message>
    <message>
        <source>Wrong duration</source>
        <translation>时长不符</translation>
    </message>
    <message>
        <source>Could not move the file</source>
        <translation>无法移动文件</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>The editor could not be checked: %1</source>
        <translation>无法检查编辑器：%1</translation>
    </message>
    <message>
        <source>The editor passed the check: held exports resume.</source>
        <translation>编辑器通过检查：暂停的导出将继续。</translation>
    </message>
    <message>
        <source>The editor passed the check.</source>
        <translation>编辑器通过检查。</translation>
    </message>
    <message>
        <source>The editor failed the check: %1</source>
        <translation>编辑器未通过检查：%1</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::ExportQueuePanel</name>
    <message>
        <source>Export jobs could not be read: %1</source>
        <translation>无法读取导出任务：%1</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>导出中</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>校验中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%n restart(s)</source>
        <translation>
            <numerusform>已重启 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>profile %1</source>
        <translation>配置 %1</translation>
    </message>
    <message>
        <source>queue paused</source>
        <translation>队列已暂停</translation>
    </message>
    <message>
        <source>Could not queue the export again: %1</source>
        <translation>无法重新加入导出队列：%1</translation>
    </message>
    <message>
        <source>Queued again.</source>
        <translation>已重新加入队列。</translation>
    </message>
    <message>
        <source>Could not cancel: %1</source>
        <translation>无法取消：%1</translation>
    </message>
    <message>
        <source>The folder %1 does not exist (yet).</source>
        <translation>文件夹 %1 尚不存在。</translation>
    </message>
    <message>
        <source>No file manager could open %1.</source>
        <translation>没有可以打开 %1 的文件管理器。</translation>
    </message>
    <message>
        <source>No editor configured. Choose the editor executable in the settings to export drafts from CutPilot.</source>
        <translation>未配置编辑器。请在设置中选择编辑器程序，才能从 CutPilot 导出草稿。</translation>
    </message>
    <message>
        <source>Open settings…</source>
        <translation>打开设置…</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>queue held until the editor check passes</source>
        <translation>队列暂停，待编辑器检查通过</translation>
    </message>
    <message>
        <source>Checking the editor…</source>
        <translation>正在检查编辑器…</translation>
    </message>
    <message>
        <source>Check editor</source>
        <translation>检查编辑器</translation>
    </message>
    <message>
        <source>Checks that the editor still matches its automation profile (open a draft in the editor first). After an editor update, held exports resume when it passes.</source>
        <translation>检查编辑器是否仍与其自动化配置相符（请先在编辑器中打开一个草稿）。编辑器更新后，检查通过时暂停的导出将继续。</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::InspectorWidget</name>
    <message>
        <source>Scene effects</source>
        <translation>画面特效</translation>
    </message>
    <message>
        <source>Character effects</source>
        <translation>人物特效</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤镜</translation>
    </message>
    <message>
        <source>Transitions</source>
        <translation>转场</translation>
    </message>
    <message>
        <source>Intro animations</source>
        <translation>入场动画</translation>
    </message>
    <message>
        <source>Outro animations</source>
        <translation>出场动画</translation>
    </message>
    <message>
        <source>Combo animations</source>
        <translation>组合动画</translation>
    </message>
    <message>
        <source>Loop animations</source>
        <translation>循环动画</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <source>Text bubbles</source>
        <translation>文字气泡</translation>
    </message>
    <message>
        <source>Flower text</source>
        <translation>花字</translation>
    </message>
    <message>
        <source>Sound effects</source>
        <translation>音效</translation>
    </message>
    <message>
        <source>Voice changers</source>
        <translation>变声</translation>
    </message>
    <message>
        <source>Speech to song</source>
        <translation>声音成曲</translation>
    </message>
    <message>
        <source>Blend modes</source>
        <translation>混合模式</translation>
    </message>
    <message>
        <source>Transform</source>
        <translation>变换</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <source>Scale X</source>
        <translation>水平缩放</translation>
    </message>
    <message>
        <source>Scale Y</source>
        <translation>垂直缩放</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Flip horizontally</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <source>Flip vertically</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <source>Apply transform</source>
        <translation>应用变换</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>倍速</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Fade in</source>
        <translation>淡入</translation>
    </message>
    <message>
        <source>Fade out</source>
        <translation>淡出</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Apply fades</source>
        <translation>应用淡入淡出</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Apply text</source>
        <translation>应用文本</translation>
    </message>
    <message>
        <source>Animations, effects, filters, masks</source>
        <translation>动画、特效、滤镜、蒙版</translation>
    </message>
    <message>
        <source>Detach selected</source>
        <translation>移除所选</translation>
    </message>
    <message>
        <source>Search the catalog</source>
        <translation>搜索效果库</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>No clip selected</source>
        <translation>未选中片段</translation>
    </message>
    <message>
        <source>Text: %1</source>
        <translation>文本：%1</translation>
    </message>
    <message>
        <source>Start %1 · length %2</source>
        <translation>起点 %1 · 时长 %2</translation>
    </message>
    <message>
        <source>No catalog is loaded</source>
        <translation>未加载效果库</translation>
    </message>
    <message>
        <source>%1 [VIP]</source>
        <translation>%1 [VIP]</translation>
    </message>
    <message>
        <source>The fades are longer than the clip (%1 ms)</source>
        <translation>淡入淡出的总时长超过了片段时长（%1 毫秒）</translation>
    </message>
    <message>
        <source>A text clip needs some text</source>
        <translation>文本片段的内容不能为空</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::MainWindow</name>
    <message>
        <source>CutPilot</source>
        <translation>CutPilot</translation>
    </message>
    <message>
        <source>No draft open</source>
        <translation>未打开草稿</translation>
    </message>
    <message>
        <source>API: not started</source>
        <translation>API：未启动</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API：%1</translation>
    </message>
    <message>
        <source>API unavailable: %1</source>
        <translation>API 不可用：%1</translation>
    </message>
    <message>
        <source>The open draft was closed or deleted elsewhere.</source>
        <translation>当前草稿已在别处被关闭或删除。</translation>
    </message>
    <message>
        <source>The draft could not be saved: %1</source>
        <translation>无法保存草稿：%1</translation>
    </message>
    <message>
        <source>The draft could not be opened: %1</source>
        <translation>无法打开草稿：%1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>No draft workspace.</source>
        <translation>没有草稿工作区。</translation>
    </message>
    <message>
        <source>The draft could not be created: %1</source>
        <translation>无法创建草稿：%1</translation>
    </message>
    <message>
        <source>The draft could not be deleted: %1</source>
        <translation>无法删除草稿：%1</translation>
    </message>
    <message>
        <source>Import from URL</source>
        <translation>从网址导入</translation>
    </message>
    <message>
        <source>Address of the media file (http or https):</source>
        <translation>素材文件的地址（http 或 https）：</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http or https address.</source>
        <translation>“%1”不是 http 或 https 地址。</translation>
    </message>
    <message>
        <source>Writing %1 for the editor…</source>
        <translation>正在为编辑器写入 %1…</translation>
    </message>
    <message>
        <source>Export of %1 queued: %2</source>
        <translation>%1 已加入导出队列：%2</translation>
    </message>
    <message>
        <source>About CutPilot</source>
        <translation>关于 CutPilot</translation>
    </message>
    <message>
        <source>&lt;b&gt;CutPilot&lt;/b&gt; %1&lt;br&gt;A companion for JianYing and CapCut: drafts, media, a local API and export automation.&lt;br&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;CutPilot&lt;/b&gt; %1&lt;br&gt;剪映与 CapCut 的辅助工具：草稿、素材、本地 API 与自动导出。&lt;br&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>No media service: the media bin is unavailable.</source>
        <translation>没有素材服务：素材箱不可用。</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>素材</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>播放器</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Exports</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New draft…</source>
        <translation>新建草稿(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open draft…</source>
        <translation>打开草稿(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Close draft</source>
        <translation>关闭草稿(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Import media…</source>
        <translation>导入素材(&amp;I)…</translation>
    </message>
    <message>
        <source>Import from &amp;URL…</source>
        <translation>从网址导入(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Queue export of this draft</source>
        <translation>将此草稿加入导出队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About CutPilot</source>
        <translation>关于 CutPilot(&amp;A)</translation>
    </message>
    <message>
        <source>The export of %1 could not be queued: %2</source>
        <translation>无法将 %1 加入导出队列：%2</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::MediaBinModel</name>
    <message>
        <source>Download failed: %1</source>
        <translation>下载失败：%1</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
    <message>
        <source>%1 kHz</source>
        <translation>%1 kHz</translation>
    </message>
    <message>
        <source>Probing…</source>
        <translation>正在分析…</translation>
    </message>
    <message>
        <source>Downloading… %1 % (%2 of %3)</source>
        <translation>正在下载… %1 %（%2 / %3）</translation>
    </message>
    <message>
        <source>Downloading… %1</source>
        <translation>正在下载… %1</translation>
    </message>
    <message>
        <source>%1
Error: %2</source>
        <translation>%1
错误：%2</translation>
    </message>
    <message>
        <source>the media bin list has an unknown format (version %1)</source>
        <translation>素材箱列表的格式未知（版本 %1）</translation>
    </message>
    <message>
        <source>The downloaded copy is no longer in the media folder; retry to download it again.</source>
        <translation>下载的副本已不在素材文件夹中，请点击重试重新下载。</translation>
    </message>
    <message>
        <source>Download failed: there is no media folder to download into.</source>
        <translation>下载失败：没有可保存下载文件的素材文件夹。</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::MediaBinWidget</name>
    <message>
        <source>Import files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Add video, audio and image files to the bin</source>
        <translation>将视频、音频和图片文件添加到素材箱</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Add every media file of a folder and its subfolders</source>
        <translation>添加文件夹及其子文件夹中的所有媒体文件</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Probe the selected items again</source>
        <translation>重新分析所选素材</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected items from the bin (the files stay)</source>
        <translation>从素材箱中移除所选素材（文件本身保留）</translation>
    </message>
    <message>
        <source>Show as icons</source>
        <translation>以图标显示</translation>
    </message>
    <message>
        <source>Media URL (http or https), then Enter</source>
        <translation>输入素材网址（http 或 https）后按回车</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>按名称搜索</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Date added</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>排序方式</translation>
    </message>
    <message>
        <source>Descending order</source>
        <translation>降序</translation>
    </message>
    <message>
        <source>Media bin</source>
        <translation>素材箱</translation>
    </message>
    <message>
        <source>No media files found in %1</source>
        <translation>在 %1 中未找到媒体文件</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added from %1</source>
        <translation>
            <numerusform>已从 %1 添加 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) already in the bin</source>
        <translation>
            <numerusform>%n 个文件已在素材箱中</numerusform>
        </translation>
    </message>
    <message>
        <source>Not a media URL: %1 (give an http or https address)</source>
        <translation>不是素材网址：%1（请填写 http 或 https 地址）</translation>
    </message>
    <message>
        <source>%1 is already in the bin</source>
        <translation>%1 已在素材箱中</translation>
    </message>
    <message>
        <source>Import media</source>
        <translation>导入素材</translation>
    </message>
    <message>
        <source>Media files (%1);;All files (*)</source>
        <translation>媒体文件 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <source>could not write the media bin list %1: %2</source>
        <translation>无法写入素材箱列表 %1：%2</translation>
    </message>
    <message>
        <source>could not read the media bin list %1: %2</source>
        <translation>无法读取素材箱列表 %1：%2</translation>
    </message>
    <message>
        <source>the media bin list %1 is not valid JSON: %2</source>
        <translation>素材箱列表 %1 不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Download the URL into the media folder and add it</source>
        <translation>将该网址的文件下载到素材文件夹并添加</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::PreviewWidget</name>
    <message>
        <source>Cannot play %1: %2</source>
        <translation>无法播放 %1：%2</translation>
    </message>
    <message>
        <source>One frame back (Left)</source>
        <translation>上一帧（←）</translation>
    </message>
    <message>
        <source>One frame forward (Right)</source>
        <translation>下一帧（→）</translation>
    </message>
    <message>
        <source>One frame back</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>One frame forward</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>No clip</source>
        <translation>无片段</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>无法读取 %1</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>暂停（空格键）</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>播放（空格键）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::SettingsDialog</name>
    <message>
        <source>Drafts folder</source>
        <translation>草稿位置</translation>
    </message>
    <message>
        <source>Editor executable</source>
        <translation>编辑器程序</translation>
    </message>
    <message>
        <source>Automatic (by editor version)</source>
        <translation>自动（按编辑器版本）</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>No JianYing or CapCut drafts folder found</source>
        <translation>未找到剪映或 CapCut 的草稿文件夹</translation>
    </message>
    <message>
        <source>Detected folders…</source>
        <translation>检测到的文件夹…</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>端口必须是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address (for example 127.0.0.1 or ::1).</source>
        <translation>“%1”不是 IP 地址（例如 127.0.0.1 或 ::1）。</translation>
    </message>
    <message>
        <source>Regenerate API token</source>
        <translation>重新生成 API 令牌</translation>
    </message>
    <message>
        <source>Scripts and tools that use the current token stop working until they get the new one. Regenerate the token?</source>
        <translation>使用当前令牌的脚本和工具在换用新令牌之前将无法工作。确定要重新生成令牌吗？</translation>
    </message>
    <message>
        <source>CutPilot settings</source>
        <translation>CutPilot 设置</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>编辑器</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>本地 API</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>Drafts folder:</source>
        <translation>草稿位置：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Editor executable:</source>
        <translation>编辑器程序：</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Draft profile:</source>
        <translation>草稿配置：</translation>
    </message>
    <message>
        <source>Automation profile:</source>
        <translation>自动化配置：</translation>
    </message>
    <message>
        <source>Chosen from the editor&apos;s product and version when the editor starts.</source>
        <translation>编辑器启动时按其产品和版本自动选择。</translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation>监听地址：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Other computers can reach the API at this address: every request then needs the API token.</source>
        <translation>其他计算机可通过此地址访问 API：届时每个请求都需要提供 API 令牌。</translation>
    </message>
    <message>
        <source>API token:</source>
        <translation>API 令牌：</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation>重新生成…</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Start minimized to the tray</source>
        <translation>启动时最小化到托盘</translation>
    </message>
    <message>
        <source>JianYing</source>
        <translation>剪映</translation>
    </message>
    <message>
        <source>CapCut</source>
        <translation>CapCut</translation>
    </message>
    <message>
        <source>Stand-in editor</source>
        <translation>模拟编辑器</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::TimelineWidget</name>
    <message>
        <source>Track &quot;%1&quot; is locked</source>
        <translation>轨道“%1”已锁定</translation>
    </message>
    <message>
        <source>Move clips</source>
        <translation>移动片段</translation>
    </message>
    <message>
        <source>Trim clip</source>
        <translation>修剪片段</translation>
    </message>
    <message>
        <source>Move keyframe</source>
        <translation>移动关键帧</translation>
    </message>
    <message>
        <source>No clip to split under the playhead</source>
        <translation>播放头处没有可分割的片段</translation>
    </message>
    <message>
        <source>Split clips</source>
        <translation>分割片段</translation>
    </message>
    <message>
        <source>Delete keyframe</source>
        <translation>删除关键帧</translation>
    </message>
    <message>
        <source>Ripple delete</source>
        <translation>波纹删除</translation>
    </message>
    <message>
        <source>Delete clips</source>
        <translation>删除片段</translation>
    </message>
    <message>
        <source>The track of a copied clip no longer exists</source>
        <translation>所复制片段的轨道已不存在</translation>
    </message>
    <message>
        <source>Only media and text clips can be pasted</source>
        <translation>只能粘贴媒体片段和文本片段</translation>
    </message>
    <message>
        <source>Paste clips</source>
        <translation>粘贴片段</translation>
    </message>
    <message>
        <source>Select a clip to add a keyframe to</source>
        <translation>请先选中要添加关键帧的片段</translation>
    </message>
    <message>
        <source>The playhead is not on the selected clip</source>
        <translation>播放头不在所选片段上</translation>
    </message>
    <message>
        <source>Add keyframe</source>
        <translation>添加关键帧</translation>
    </message>
    <message>
        <source>A transition needs a clip right after this one on the same track</source>
        <translation>同一轨道上紧接此片段之后需要有片段才能添加转场</translation>
    </message>
    <message>
        <source>Add transition</source>
        <translation>添加转场</translation>
    </message>
    <message>
        <source>The dropped media list is not readable</source>
        <translation>无法读取拖入的素材列表</translation>
    </message>
    <message>
        <source>Unknown media kind &quot;%1&quot;</source>
        <translation>未知的素材类型“%1”</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no path or no duration</source>
        <translation>“%1”没有路径或时长</translation>
    </message>
    <message>
        <source>Drop audio and pictures separately</source>
        <translation>请将音频和画面素材分开拖入</translation>
    </message>
    <message>
        <source>A %1 clip cannot go on this %2 track</source>
        <translation>%1片段不能放在这条%2轨道上</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Add clips</source>
        <translation>添加片段</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Sticker</source>
        <translation>贴纸</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>特效</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>滤镜</translation>
    </message>
    <message>
        <source>Adjust</source>
        <translation>调节</translation>
    </message>
    <message>
        <source>No draft open</source>
        <translation>未打开草稿</translation>
    </message>
    <message>
        <source>M</source>
        <comment>mute track</comment>
        <translation>静</translation>
    </message>
    <message>
        <source>H</source>
        <comment>hide track</comment>
        <translation>隐</translation>
    </message>
    <message>
        <source>L</source>
        <comment>lock track</comment>
        <translation>锁</translation>
    </message>
    <message>
        <source>Drop here for a new track</source>
        <translation>拖到此处新建轨道</translation>
    </message>
    <message>
        <source>S split · Delete / Shift+Delete ripple delete · K keyframe · N snapping · Ctrl+wheel zoom · Ctrl+0 fit</source>
        <translation>S 分割 · Delete 删除 / Shift+Delete 波纹删除 · K 关键帧 · N 吸附 · Ctrl+滚轮 缩放 · Ctrl+0 适应窗口</translation>
    </message>
    <message>
        <source>Split at playhead</source>
        <translation>在播放头处分割</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Add keyframe at playhead</source>
        <translation>在播放头处添加关键帧</translation>
    </message>
    <message>
        <source>Transition to next clip</source>
        <translation>与下一片段的转场</translation>
    </message>
    <message>
        <source>No transition catalog is loaded</source>
        <translation>未加载转场库</translation>
    </message>
    <message>
        <source>%1 (VIP)</source>
        <translation>%1（VIP）</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Snapping</source>
        <translation>吸附</translation>
    </message>
    <message>
        <source>Zoom to fit</source>
        <translation>缩放以适应窗口</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::TrayController</name>
    <message>
        <source>Export queue</source>
        <translation>导出队列</translation>
    </message>
    <message>
        <source>Editor restarted</source>
        <translation>编辑器已重启</translation>
    </message>
    <message>
        <source>Restart %1: %2</source>
        <translation>第 %1 次重启：%2</translation>
    </message>
    <message>
        <source>Resume export queue</source>
        <translation>继续导出队列</translation>
    </message>
    <message>
        <source>Pause export queue</source>
        <translation>暂停导出队列</translation>
    </message>
    <message>
        <source>CutPilot</source>
        <translation>CutPilot</translation>
    </message>
    <message>
        <source>Export queue paused</source>
        <translation>导出队列已暂停</translation>
    </message>
    <message>
        <source>Exporting %1 — %2 %</source>
        <translation>正在导出 %1 — %2 %</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Show CutPilot</source>
        <translation>显示 CutPilot</translation>
    </message>
    <message>
        <source>Restart editor</source>
        <translation>重启编辑器</translation>
    </message>
    <message>
        <source>Copy API address</source>
        <translation>复制 API 地址</translation>
    </message>
    <message>
        <source>Copy API token</source>
        <translation>复制 API 令牌</translation>
    </message>
    <message>
        <source>Open logs folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Quit CutPilot</source>
        <translation>退出 CutPilot</translation>
    </message>
    <message>
        <source>Editor check</source>
        <translation>编辑器检查</translation>
    </message>
    <message>
        <source>Check editor</source>
        <translation>检查编辑器</translation>
    </message>
    <message>
        <source>Export queue held until the editor check passes</source>
        <translation>导出队列暂停，待编辑器检查通过</translation>
    </message>
</context>
</TS>
