<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CutPilot::App::EditorHost</name>
    <message>
        <source>Stand-in editor (test tool, not JianYing)</source>
        <translation>Stand-in editor (test tool, not JianYing)</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>%1: stopped</source>
        <translation>%1: stopped</translation>
    </message>
    <message>
        <source>%1: unavailable: %2</source>
        <translation>%1: unavailable: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (version changed to %2: check the editor)</source>
        <translation>%1 (version changed to %2: check the editor)</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::DraftBrowser</name>
    <message numerus="yes">
        <source>%n draft(s)</source>
        <translation>
            <numerusform>%n draft</numerusform>
            <numerusform>%n drafts</numerusform>
        </translation>
    </message>
    <message>
        <source>Drafts could not be read: %1</source>
        <translation>Drafts could not be read: %1</translation>
    </message>
    <message>
        <source>New draft</source>
        <translation>New draft</translation>
    </message>
    <message>
        <source>Name of the new draft:</source>
        <translation>Name of the new draft:</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Untitled</translation>
    </message>
    <message>
        <source>A draft needs a name.</source>
        <translation>A draft needs a name.</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>Delete the draft &quot;%1&quot;? This cannot be undone.</source>
        <translation>Delete the draft &quot;%1&quot;? This cannot be undone.</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>Create an empty draft</source>
        <translation>Create an empty draft</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
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
Key: %2
Profile: %3
Tracks: %4</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modified</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::EditorHealthTexts</name>
    <message>
        <source>No editor configured</source>
        <translation>No editor configured</translation>
    </message>
    <message>
        <source>Editor ready</source>
        <translation>Editor ready</translation>
    </message>
    <message>
        <source>Editor exporting</source>
        <translation>Editor exporting</translation>
    </message>
    <message>
        <source>Editor degraded</source>
        <translation>Editor degraded</translation>
    </message>
    <message>
        <source>Editor down</source>
        <translation>Editor down</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>starting</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>busy</translation>
    </message>
    <message>
        <source>unresponsive</source>
        <translation>unresponsive</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>restarting</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>Needs VIP</source>
        <translation>Needs VIP</translation>
    </message>
    <message>
        <source>Draft not found in the editor</source>
        <translation>Draft not found in the editor</translation>
    </message>
    <message>
        <source>Editor crashed</source>
        <translation>Editor crashed</translation>
    </message>
    <message>
        <source>Editor not responding</source>
        <translation>Editor not responding</translation>
    </message>
    <message>
        <source>Export stalled</source>
        <translation>Export stalled</translation>
    </message>
    <message>
        <source>The editor reported an error</source>
        <translation>The editor reported an error</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Timed out</translation>
    </message>
    <message>
        <source>Automation error</source>
        <translation>Automation error</translation>
    </message>
    <message>
        <source>No output file</source>
        <translation>No output file</translation>
    </message>
    <message>
        <source>Output file still changing</source>
        <translation>Output file still changing</translation>
    </message>
    <message>
        <source>Output is not a valid video</source>
        <translation>Output is not a valid video</translation>
    </message>
    <message>
        <source>Wrong duration</source>
        <translation>Wrong duration</translation>
    </message>
    <message>
        <source>Could not move the file</source>
        <translation>Could not move the file</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>The editor could not be checked: %1</source>
        <translation>The editor could not be checked: %1</translation>
    </message>
    <message>
        <source>The editor passed the check: held exports resume.</source>
        <translation>The editor passed the check: held exports resume.</translation>
    </message>
    <message>
        <source>The editor passed the check.</source>
        <translation>The editor passed the check.</translation>
    </message>
    <message>
        <source>The editor failed the check: %1</source>
        <translation>The editor failed the check: %1</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::ExportQueuePanel</name>
    <message>
        <source>Export jobs could not be read: %1</source>
        <translation>Export jobs could not be read: %1</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Exporting</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Verifying</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n restart(s)</source>
        <translation>
            <numerusform>%n restart</numerusform>
            <numerusform>%n restarts</numerusform>
        </translation>
    </message>
    <message>
        <source>profile %1</source>
        <translation>profile %1</translation>
    </message>
    <message>
        <source>queue paused</source>
        <translation>queue paused</translation>
    </message>
    <message>
        <source>Could not queue the export again: %1</source>
        <translation>Could not queue the export again: %1</translation>
    </message>
    <message>
        <source>Queued again.</source>
        <translation>Queued again.</translation>
    </message>
    <message>
        <source>Could not cancel: %1</source>
        <translation>Could not cancel: %1</translation>
    </message>
    <message>
        <source>The folder %1 does not exist (yet).</source>
        <translation>The folder %1 does not exist (yet).</translation>
    </message>
    <message>
        <source>No file manager could open %1.</source>
        <translation>No file manager could open %1.</translation>
    </message>
    <message>
        <source>No editor configured. Choose the editor executable in the settings to export drafts from CutPilot.</source>
        <translation>No editor configured. Choose the editor executable in the settings to export drafts from CutPilot.</translation>
    </message>
    <message>
        <source>Open settings…</source>
        <translation>Open settings…</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>ETA</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>queue held until the editor check passes</source>
        <translation>queue held until the editor check passes</translation>
    </message>
    <message>
        <source>Checking the editor…</source>
        <translation>Checking the editor…</translation>
    </message>
    <message>
        <source>Check editor</source>
        <translation>Check editor</translation>
    </message>
    <message>
        <source>Checks that the editor still matches its automation profile (open a draft in the editor first). After an editor update, held exports resume when it passes.</source>
        <translation>Checks that the editor still matches its automation profile (open a draft in the editor first). After an editor update, held exports resume when it passes.</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::InspectorWidget</name>
    <message>
        <source>Scene effects</source>
        <translation>Scene effects</translation>
    </message>
    <message>
        <source>Character effects</source>
        <translation>Character effects</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filters</translation>
    </message>
    <message>
        <source>Transitions</source>
        <translation>Transitions</translation>
    </message>
    <message>
        <source>Intro animations</source>
        <translation>Intro animations</translation>
    </message>
    <message>
        <source>Outro animations</source>
        <translation>Outro animations</translation>
    </message>
    <message>
        <source>Combo animations</source>
        <translation>Combo animations</translation>
    </message>
    <message>
        <source>Loop animations</source>
        <translation>Loop animations</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>Masks</translation>
    </message>
    <message>
        <source>Text bubbles</source>
        <translation>Text bubbles</translation>
    </message>
    <message>
        <source>Flower text</source>
        <translation>Flower text</translation>
    </message>
    <message>
        <source>Sound effects</source>
        <translation>Sound effects</translation>
    </message>
    <message>
        <source>Voice changers</source>
        <translation>Voice changers</translation>
    </message>
    <message>
        <source>Speech to song</source>
        <translation>Speech to song</translation>
    </message>
    <message>
        <source>Blend modes</source>
        <translation>Blend modes</translation>
    </message>
    <message>
        <source>Transform</source>
        <translation>Transform</translation>
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
        <translation>Scale X</translation>
    </message>
    <message>
        <source>Scale Y</source>
        <translation>Scale Y</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>Rotation</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacity</translation>
    </message>
    <message>
        <source>Flip horizontally</source>
        <translation>Flip horizontally</translation>
    </message>
    <message>
        <source>Flip vertically</source>
        <translation>Flip vertically</translation>
    </message>
    <message>
        <source>Apply transform</source>
        <translation>Apply transform</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>Playback</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Fade in</source>
        <translation>Fade in</translation>
    </message>
    <message>
        <source>Fade out</source>
        <translation>Fade out</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Apply fades</source>
        <translation>Apply fades</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Apply text</source>
        <translation>Apply text</translation>
    </message>
    <message>
        <source>Animations, effects, filters, masks</source>
        <translation>Animations, effects, filters, masks</translation>
    </message>
    <message>
        <source>Detach selected</source>
        <translation>Detach selected</translation>
    </message>
    <message>
        <source>Search the catalog</source>
        <translation>Search the catalog</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Attach</translation>
    </message>
    <message>
        <source>No clip selected</source>
        <translation>No clip selected</translation>
    </message>
    <message>
        <source>Text: %1</source>
        <translation>Text: %1</translation>
    </message>
    <message>
        <source>Start %1 · length %2</source>
        <translation>Start %1 · length %2</translation>
    </message>
    <message>
        <source>No catalog is loaded</source>
        <translation>No catalog is loaded</translation>
    </message>
    <message>
        <source>%1 [VIP]</source>
        <translation>%1 [VIP]</translation>
    </message>
    <message>
        <source>The fades are longer than the clip (%1 ms)</source>
        <translation>The fades are longer than the clip (%1 ms)</translation>
    </message>
    <message>
        <source>A text clip needs some text</source>
        <translation>A text clip needs some text</translation>
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
        <translation>No draft open</translation>
    </message>
    <message>
        <source>API: not started</source>
        <translation>API: not started</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>API unavailable: %1</source>
        <translation>API unavailable: %1</translation>
    </message>
    <message>
        <source>The open draft was closed or deleted elsewhere.</source>
        <translation>The open draft was closed or deleted elsewhere.</translation>
    </message>
    <message>
        <source>The draft could not be saved: %1</source>
        <translation>The draft could not be saved: %1</translation>
    </message>
    <message>
        <source>The draft could not be opened: %1</source>
        <translation>The draft could not be opened: %1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>No draft workspace.</source>
        <translation>No draft workspace.</translation>
    </message>
    <message>
        <source>The draft could not be created: %1</source>
        <translation>The draft could not be created: %1</translation>
    </message>
    <message>
        <source>The draft could not be deleted: %1</source>
        <translation>The draft could not be deleted: %1</translation>
    </message>
    <message>
        <source>Import from URL</source>
        <translation>Import from URL</translation>
    </message>
    <message>
        <source>Address of the media file (http or https):</source>
        <translation>Address of the media file (http or https):</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http or https address.</source>
        <translation>&quot;%1&quot; is not an http or https address.</translation>
    </message>
    <message>
        <source>Writing %1 for the editor…</source>
        <translation>Writing %1 for the editor…</translation>
    </message>
    <message>
        <source>Export of %1 queued: %2</source>
        <translation>Export of %1 queued: %2</translation>
    </message>
    <message>
        <source>About CutPilot</source>
        <translation>About CutPilot</translation>
    </message>
    <message>
        <source>&lt;b&gt;CutPilot&lt;/b&gt; %1&lt;br&gt;A companion for JianYing and CapCut: drafts, media, a local API and export automation.&lt;br&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;CutPilot&lt;/b&gt; %1&lt;br&gt;A companion for JianYing and CapCut: drafts, media, a local API and export automation.&lt;br&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>No media service: the media bin is unavailable.</source>
        <translation>No media service: the media bin is unavailable.</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>Exports</source>
        <translation>Exports</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;New draft…</source>
        <translation>&amp;New draft…</translation>
    </message>
    <message>
        <source>&amp;Open draft…</source>
        <translation>&amp;Open draft…</translation>
    </message>
    <message>
        <source>&amp;Close draft</source>
        <translation>&amp;Close draft</translation>
    </message>
    <message>
        <source>&amp;Import media…</source>
        <translation>&amp;Import media…</translation>
    </message>
    <message>
        <source>Import from &amp;URL…</source>
        <translation>Import from &amp;URL…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>&amp;Reset layout</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xport</translation>
    </message>
    <message>
        <source>&amp;Queue export of this draft</source>
        <translation>&amp;Queue export of this draft</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About CutPilot</source>
        <translation>&amp;About CutPilot</translation>
    </message>
    <message>
        <source>The export of %1 could not be queued: %2</source>
        <translation>The export of %1 could not be queued: %2</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::MediaBinModel</name>
    <message>
        <source>Download failed: %1</source>
        <translation>Download failed: %1</translation>
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
        <translation>Probing…</translation>
    </message>
    <message>
        <source>Downloading… %1 % (%2 of %3)</source>
        <translation>Downloading… %1 % (%2 of %3)</translation>
    </message>
    <message>
        <source>Downloading… %1</source>
        <translation>Downloading… %1</translation>
    </message>
    <message>
        <source>%1
Error: %2</source>
        <translation>%1
Error: %2</translation>
    </message>
    <message>
        <source>the media bin list has an unknown format (version %1)</source>
        <translation>the media bin list has an unknown format (version %1)</translation>
    </message>
    <message>
        <source>The downloaded copy is no longer in the media folder; retry to download it again.</source>
        <translation>The downloaded copy is no longer in the media folder; retry to download it again.</translation>
    </message>
    <message>
        <source>Download failed: there is no media folder to download into.</source>
        <translation>Download failed: there is no media folder to download into.</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::MediaBinWidget</name>
    <message>
        <source>Import files…</source>
        <translation>Import files…</translation>
    </message>
    <message>
        <source>Add video, audio and image files to the bin</source>
        <translation>Add video, audio and image files to the bin</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>Import folder…</translation>
    </message>
    <message>
        <source>Add every media file of a folder and its subfolders</source>
        <translation>Add every media file of a folder and its subfolders</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Probe the selected items again</source>
        <translation>Probe the selected items again</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Remove the selected items from the bin (the files stay)</source>
        <translation>Remove the selected items from the bin (the files stay)</translation>
    </message>
    <message>
        <source>Show as icons</source>
        <translation>Show as icons</translation>
    </message>
    <message>
        <source>Media URL (http or https), then Enter</source>
        <translation>Media URL (http or https), then Enter</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>Search by name</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Date added</source>
        <translation>Date added</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>Sort by</translation>
    </message>
    <message>
        <source>Descending order</source>
        <translation>Descending order</translation>
    </message>
    <message>
        <source>Media bin</source>
        <translation>Media bin</translation>
    </message>
    <message>
        <source>No media files found in %1</source>
        <translation>No media files found in %1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added from %1</source>
        <translation>
            <numerusform>%n file added from %1</numerusform>
            <numerusform>%n files added from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) already in the bin</source>
        <translation>
            <numerusform>%n file already in the bin</numerusform>
            <numerusform>%n files already in the bin</numerusform>
        </translation>
    </message>
    <message>
        <source>Not a media URL: %1 (give an http or https address)</source>
        <translation>Not a media URL: %1 (give an http or https address)</translation>
    </message>
    <message>
        <source>%1 is already in the bin</source>
        <translation>%1 is already in the bin</translation>
    </message>
    <message>
        <source>Import media</source>
        <translation>Import media</translation>
    </message>
    <message>
        <source>Media files (%1);;All files (*)</source>
        <translation>Media files (%1);;All files (*)</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>Import a folder</translation>
    </message>
    <message>
        <source>could not write the media bin list %1: %2</source>
        <translation>could not write the media bin list %1: %2</translation>
    </message>
    <message>
        <source>could not read the media bin list %1: %2</source>
        <translation>could not read the media bin list %1: %2</translation>
    </message>
    <message>
        <source>the media bin list %1 is not valid JSON: %2</source>
        <translation>the media bin list %1 is not valid JSON: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Download the URL into the media folder and add it</source>
        <translation>Download the URL into the media folder and add it</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::PreviewWidget</name>
    <message>
        <source>Cannot play %1: %2</source>
        <translation>Cannot play %1: %2</translation>
    </message>
    <message>
        <source>One frame back (Left)</source>
        <translation>One frame back (Left)</translation>
    </message>
    <message>
        <source>One frame forward (Right)</source>
        <translation>One frame forward (Right)</translation>
    </message>
    <message>
        <source>One frame back</source>
        <translation>One frame back</translation>
    </message>
    <message>
        <source>One frame forward</source>
        <translation>One frame forward</translation>
    </message>
    <message>
        <source>No clip</source>
        <translation>No clip</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>Cannot read %1</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>Pause (Space)</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>Play (Space)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Play</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::SettingsDialog</name>
    <message>
        <source>Drafts folder</source>
        <translation>Drafts folder</translation>
    </message>
    <message>
        <source>Editor executable</source>
        <translation>Editor executable</translation>
    </message>
    <message>
        <source>Automatic (by editor version)</source>
        <translation>Automatic (by editor version)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>System language</translation>
    </message>
    <message>
        <source>No JianYing or CapCut drafts folder found</source>
        <translation>No JianYing or CapCut drafts folder found</translation>
    </message>
    <message>
        <source>Detected folders…</source>
        <translation>Detected folders…</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>The port must be a number from 1 to 65535.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address (for example 127.0.0.1 or ::1).</source>
        <translation>&quot;%1&quot; is not an IP address (for example 127.0.0.1 or ::1).</translation>
    </message>
    <message>
        <source>Regenerate API token</source>
        <translation>Regenerate API token</translation>
    </message>
    <message>
        <source>Scripts and tools that use the current token stop working until they get the new one. Regenerate the token?</source>
        <translation>Scripts and tools that use the current token stop working until they get the new one. Regenerate the token?</translation>
    </message>
    <message>
        <source>CutPilot settings</source>
        <translation>CutPilot settings</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>Local API</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>Interface</translation>
    </message>
    <message>
        <source>Drafts folder:</source>
        <translation>Drafts folder:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Editor executable:</source>
        <translation>Editor executable:</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>Detect automatically</translation>
    </message>
    <message>
        <source>Draft profile:</source>
        <translation>Draft profile:</translation>
    </message>
    <message>
        <source>Automation profile:</source>
        <translation>Automation profile:</translation>
    </message>
    <message>
        <source>Chosen from the editor&apos;s product and version when the editor starts.</source>
        <translation>Chosen from the editor&apos;s product and version when the editor starts.</translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation>Listen address:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Other computers can reach the API at this address: every request then needs the API token.</source>
        <translation>Other computers can reach the API at this address: every request then needs the API token.</translation>
    </message>
    <message>
        <source>API token:</source>
        <translation>API token:</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation>Regenerate…</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Start minimized to the tray</source>
        <translation>Start minimized to the tray</translation>
    </message>
    <message>
        <source>JianYing</source>
        <translation>JianYing</translation>
    </message>
    <message>
        <source>CapCut</source>
        <translation>CapCut</translation>
    </message>
    <message>
        <source>Stand-in editor</source>
        <translation>Stand-in editor</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::TimelineWidget</name>
    <message>
        <source>Track &quot;%1&quot; is locked</source>
        <translation>Track &quot;%1&quot; is locked</translation>
    </message>
    <message>
        <source>Move clips</source>
        <translation>Move clips</translation>
    </message>
    <message>
        <source>Trim clip</source>
        <translation>Trim clip</translation>
    </message>
    <message>
        <source>Move keyframe</source>
        <translation>Move keyframe</translation>
    </message>
    <message>
        <source>No clip to split under the playhead</source>
        <translation>No clip to split under the playhead</translation>
    </message>
    <message>
        <source>Split clips</source>
        <translation>Split clips</translation>
    </message>
    <message>
        <source>Delete keyframe</source>
        <translation>Delete keyframe</translation>
    </message>
    <message>
        <source>Ripple delete</source>
        <translation>Ripple delete</translation>
    </message>
    <message>
        <source>Delete clips</source>
        <translation>Delete clips</translation>
    </message>
    <message>
        <source>The track of a copied clip no longer exists</source>
        <translation>The track of a copied clip no longer exists</translation>
    </message>
    <message>
        <source>Only media and text clips can be pasted</source>
        <translation>Only media and text clips can be pasted</translation>
    </message>
    <message>
        <source>Paste clips</source>
        <translation>Paste clips</translation>
    </message>
    <message>
        <source>Select a clip to add a keyframe to</source>
        <translation>Select a clip to add a keyframe to</translation>
    </message>
    <message>
        <source>The playhead is not on the selected clip</source>
        <translation>The playhead is not on the selected clip</translation>
    </message>
    <message>
        <source>Add keyframe</source>
        <translation>Add keyframe</translation>
    </message>
    <message>
        <source>A transition needs a clip right after this one on the same track</source>
        <translation>A transition needs a clip right after this one on the same track</translation>
    </message>
    <message>
        <source>Add transition</source>
        <translation>Add transition</translation>
    </message>
    <message>
        <source>The dropped media list is not readable</source>
        <translation>The dropped media list is not readable</translation>
    </message>
    <message>
        <source>Unknown media kind &quot;%1&quot;</source>
        <translation>Unknown media kind &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no path or no duration</source>
        <translation>&quot;%1&quot; has no path or no duration</translation>
    </message>
    <message>
        <source>Drop audio and pictures separately</source>
        <translation>Drop audio and pictures separately</translation>
    </message>
    <message>
        <source>A %1 clip cannot go on this %2 track</source>
        <translation>A %1 clip cannot go on this %2 track</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>audio</translation>
    </message>
    <message>
        <source>video</source>
        <translation>video</translation>
    </message>
    <message>
        <source>Add clips</source>
        <translation>Add clips</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Sticker</source>
        <translation>Sticker</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>Effect</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Adjust</source>
        <translation>Adjust</translation>
    </message>
    <message>
        <source>No draft open</source>
        <translation>No draft open</translation>
    </message>
    <message>
        <source>M</source>
        <comment>mute track</comment>
        <translation>M</translation>
    </message>
    <message>
        <source>H</source>
        <comment>hide track</comment>
        <translation>H</translation>
    </message>
    <message>
        <source>L</source>
        <comment>lock track</comment>
        <translation>L</translation>
    </message>
    <message>
        <source>Drop here for a new track</source>
        <translation>Drop here for a new track</translation>
    </message>
    <message>
        <source>S split · Delete / Shift+Delete ripple delete · K keyframe · N snapping · Ctrl+wheel zoom · Ctrl+0 fit</source>
        <translation>S split · Delete / Shift+Delete ripple delete · K keyframe · N snapping · Ctrl+wheel zoom · Ctrl+0 fit</translation>
    </message>
    <message>
        <source>Split at playhead</source>
        <translation>Split at playhead</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Add keyframe at playhead</source>
        <translation>Add keyframe at playhead</translation>
    </message>
    <message>
        <source>Transition to next clip</source>
        <translation>Transition to next clip</translation>
    </message>
    <message>
        <source>No transition catalog is loaded</source>
        <translation>No transition catalog is loaded</translation>
    </message>
    <message>
        <source>%1 (VIP)</source>
        <translation>%1 (VIP)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Paste</translation>
    </message>
    <message>
        <source>Snapping</source>
        <translation>Snapping</translation>
    </message>
    <message>
        <source>Zoom to fit</source>
        <translation>Zoom to fit</translation>
    </message>
</context>
<context>
    <name>CutPilot::Ui::TrayController</name>
    <message>
        <source>Export queue</source>
        <translation>Export queue</translation>
    </message>
    <message>
        <source>Editor restarted</source>
        <translation>Editor restarted</translation>
    </message>
    <message>
        <source>Restart %1: %2</source>
        <translation>Restart %1: %2</translation>
    </message>
    <message>
        <source>Resume export queue</source>
        <translation>Resume export queue</translation>
    </message>
    <message>
        <source>Pause export queue</source>
        <translation>Pause export queue</translation>
    </message>
    <message>
        <source>CutPilot</source>
        <translation>CutPilot</translation>
    </message>
    <message>
        <source>Export queue paused</source>
        <translation>Export queue paused</translation>
    </message>
    <message>
        <source>Exporting %1 — %2 %</source>
        <translation>Exporting %1 — %2 %</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Show CutPilot</source>
        <translation>Show CutPilot</translation>
    </message>
    <message>
        <source>Restart editor</source>
        <translation>Restart editor</translation>
    </message>
    <message>
        <source>Copy API address</source>
        <translation>Copy API address</translation>
    </message>
    <message>
        <source>Copy API token</source>
        <translation>Copy API token</translation>
    </message>
    <message>
        <source>Open logs folder</source>
        <translation>Open logs folder</translation>
    </message>
    <message>
        <source>Quit CutPilot</source>
        <translation>Quit CutPilot</translation>
    </message>
    <message>
        <source>Editor check</source>
        <translation>Editor check</translation>
    </message>
    <message>
        <source>Check editor</source>
        <translation>Check editor</translation>
    </message>
    <message>
        <source>Export queue held until the editor check passes</source>
        <translation>Export queue held until the editor check passes</translation>
    </message>
</context>
</TS>
