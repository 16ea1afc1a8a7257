<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
</context>
</TS>
