"""Interface strings in English and Chinese, switchable while the app runs.

A plain table rather than Qt's .ts/.qm tool chain: it needs no build step, works offline in a
frozen bundle, and a test can check that every key has both languages. Catalogue labels come
from the catalogue itself (`Text.get(lang)`); this table holds only the app's own words.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")

_STRINGS: dict[str, tuple[str, str]] = {
    # menus
    "menu.file": ("&File", "文件(&F)"),
    "menu.edit": ("&Edit", "编辑(&E)"),
    "menu.view": ("&View", "视图(&V)"),
    "menu.section": ("&Section", "章节(&S)"),
    "menu.help": ("&Help", "帮助(&H)"),
    "menu.language": ("&Language", "语言(&L)"),
    "menu.recent": ("Open &Recent", "最近打开(&R)"),
    "menu.export": ("&Export", "导出(&E)"),
    "act.new": ("&New Report…", "新建报告(&N)…"),
    "act.open": ("&Open…", "打开(&O)…"),
    "act.rollforward": ("Roll &Forward to Next Year…", "结转至下一年度(&F)…"),
    "act.export_xlsx": ("&Workbook (.xlsx)…", "工作簿 (.xlsx)(&W)…"),
    "act.export_xbrl": ("&XBRL…", "&XBRL…"),
    "act.import_xlsx": ("&Import Workbook…", "导入工作簿(&I)…"),
    "act.restore": ("Restore &Backup…", "恢复备份(&B)…"),
    "act.close": ("&Close Report", "关闭报告(&C)"),
    "act.quit": ("&Quit", "退出(&Q)"),
    "act.undo": ("&Undo", "撤销(&U)"),
    "act.redo": ("&Redo", "重做(&R)"),
    "act.copy": ("&Copy", "复制(&C)"),
    "act.paste": ("&Paste", "粘贴(&P)"),
    "act.clear": ("Clear &Value", "清除数值(&V)"),
    "act.settings": ("&Settings…", "设置(&S)…"),
    "act.form": ("&Form", "表单(&F)"),
    "act.dashboard": ("&Dashboard", "总览(&D)"),
    "act.findings_panel": ("F&indings Panel", "问题面板(&I)"),
    "act.details_panel": ("&Details Panel", "详情面板(&D)"),
    "act.submit": ("&Submit Section", "提交章节(&S)"),
    "act.approve": ("&Approve Section", "批准章节(&A)"),
    "act.reopen": ("&Reopen as Draft", "退回草稿(&R)"),
    "act.about": ("&About esgdesk", "关于 esgdesk(&A)"),
    "act.lang_en": ("English", "English"),
    "act.lang_zh": ("中文", "中文"),
    # form columns
    "col.indicator": ("Indicator", "指标"),
    "col.unit": ("Unit", "单位"),
    "col.prior": ("{year}", "{year}"),
    "col.current": ("{year}", "{year}"),
    "col.change": ("Change", "变化"),
    "col.status": ("Status", "状态"),
    "col.explanation": ("Explanation", "说明"),
    # findings
    "col.severity": ("Severity", "级别"),
    "col.message": ("Finding", "问题"),
    "col.year": ("Year", "年度"),
    "sev.error": ("Error", "错误"),
    "sev.warning": ("Warning", "警告"),
    "sev.info": ("Note", "提示"),
    "findings.title": ("Findings", "问题"),
    "findings.scope_section": ("This section", "本章节"),
    "findings.scope_report": ("Whole report", "整份报告"),
    "findings.show_explained": ("Show explained", "显示已说明"),
    "findings.explain": ("Explain…", "说明…"),
    "findings.acknowledge": ("Acknowledge…", "确认…"),
    "findings.count": ("{open} open, {explained} explained", "{open} 项待处理，{explained} 项已说明"),
    "findings.explained": ("explained", "已说明"),
    # details
    "details.title": ("Details", "详情"),
    "details.none": ("Select an indicator to see its definition and history.", "选择一个指标以查看其定义和历史。"),
    "details.definition": ("Definition", "定义"),
    "details.gri": ("GRI", "GRI"),
    "details.owner": ("Owner", "负责部门"),
    "details.computed": ("Computed: {formula}", "计算公式：{formula}"),
    "details.history": ("History", "修改记录"),
    "details.explanation": ("Explanation of {year}", "{year} 年说明"),
    "details.save_explanation": ("Save Explanation", "保存说明"),
    "details.chart": ("Values over the years", "历年数值"),
    "details.no_values": ("No values yet", "暂无数据"),
    "hist.when": ("When", "时间"),
    "hist.who": ("Who", "修改人"),
    "hist.what": ("What", "内容"),
    "hist.old": ("Old", "原值"),
    "hist.new": ("New", "新值"),
    "hist.why": ("Why", "原因"),
    "hist.value": ("value {year}", "{year} 数值"),
    "hist.explanation": ("explanation {year}", "{year} 说明"),
    "hist.ack": ("acknowledged", "已确认"),
    # dashboard
    "dash.title": ("Dashboard", "总览"),
    "dash.completion_sections": ("Completion by section", "各章节完成度"),
    "dash.completion_departments": ("Completion by department", "各部门完成度"),
    "dash.findings": ("Open findings", "待处理问题"),
    "dash.states": ("Section states", "章节状态"),
    "dash.section": ("Section", "章节"),
    "dash.department": ("Department", "部门"),
    "dash.filled": ("Filled", "已填"),
    "dash.errors": ("Errors", "错误"),
    "dash.warnings": ("Warnings", "警告"),
    "dash.state": ("State", "状态"),
    "dash.overall": ("{filled} of {total} figures filled ({pct}%)", "已填 {filled} / {total} 项（{pct}%）"),
    "state.draft": ("draft", "草稿"),
    "state.submitted": ("submitted", "已提交"),
    "state.approved": ("approved", "已批准"),
    # tree
    "tree.title": ("Sections", "章节"),
    "tree.badge_tip": (
        "{filled} of {total} filled · {errors} errors · {warnings} warnings · {state}",
        "已填 {filled} / {total} · 错误 {errors} · 警告 {warnings} · {state}",
    ),
    # status and messages
    "status.saved": ("Saved to {file}: {what}", "已保存到 {file}：{what}"),
    "status.saved_explanation": ("Saved to {file}: explanation of {what}", "已保存到 {file}：{what} 的说明"),
    "status.undone": ("Undone and saved: {what}", "已撤销并保存：{what}"),
    "status.readonly": ("Read-only: {file}", "只读：{file}"),
    "status.opened": ("Opened {file} ({company}, {year})", "已打开 {file}（{company}，{year} 年）"),
    "status.no_report": ("No report open", "未打开报告"),
    "status.copied": ("Copied {n} cells", "已复制 {n} 个单元格"),
    "status.pasted": ("Pasted {n} values", "已粘贴 {n} 个数值"),
    "status.entered_as": ("{value} (entered as {entered})", "{value}（输入为 {entered}）"),
    "cmd.set": ("set {label} {year} to {value}", "将 {label} {year} 设为 {value}"),
    "cmd.clear": ("clear {label} {year}", "清除 {label} {year}"),
    "cmd.paste": ("paste {n} values", "粘贴 {n} 个数值"),
    "cmd.explain": ("explain {label} {year}", "说明 {label} {year}"),
    "msg.refused": ("{label}: {reason}", "{label}：{reason}"),
    "msg.computed": ("{label} is computed from other figures and cannot be typed",
                     "{label} 由其他数据计算得出，不能直接填写"),
    "msg.paste_rows_refused": (
        "{bad} of {total} pasted values cannot be used:\n{details}\n\nPaste the other {good}?",
        "粘贴的 {total} 个数值中有 {bad} 个无法使用：\n{details}\n\n是否粘贴其余 {good} 个？",
    ),
    "msg.paste_none": ("None of the pasted values can be used:\n{details}", "粘贴的数值均无法使用：\n{details}"),
    "msg.open_failed": ("The report cannot be opened.", "无法打开报告。"),
    "msg.locked": (
        "{who} on {host} has this report open for editing{since}.\n\nOpen it read-only?",
        "{who}（{host}）正在编辑此报告{since}。\n\n是否以只读方式打开？",
    ),
    "msg.since": (" since {since}", "，自 {since} 起"),
    "msg.notes": ("Please note", "请注意"),
    "msg.integrity": (
        "The audit log of this report was changed outside esgdesk:\n{problems}",
        "此报告的审计日志在 esgdesk 之外被修改：\n{problems}",
    ),
    "msg.unexpected": (
        "Something unexpected went wrong. Every edit you committed is already saved in the report file.\n\n"
        "The details were written to {log}.",
        "发生了意外错误。您已提交的每一项修改都已保存在报告文件中。\n\n详细信息已写入 {log}。",
    ),
    "msg.export_failed": ("The export did not complete.", "导出未完成。"),
    "msg.export_missing": ("This export is not available in this version.", "此版本暂不支持该导出。"),
    "msg.export_done": ("Exported to {path}", "已导出到 {path}"),
    "msg.import_preview": (
        "{changes} figures would change; {refused} cells cannot be used:\n{details}\n\n"
        "Import the {changes} figures? A backup of the report is taken first.",
        "将更改 {changes} 项数据；{refused} 个单元格无法使用：\n{details}\n\n是否导入这 {changes} 项数据？导入前会先备份报告。",
    ),
    "msg.import_nothing": ("Nothing to import; {refused} cells cannot be used:\n{details}",
                           "没有可导入的数据；{refused} 个单元格无法使用：\n{details}"),
    "msg.imported": ("Imported {n} figures from {file}", "已从 {file} 导入 {n} 项数据"),
    "msg.rolled": ("Created the {year} report: {path}", "已创建 {year} 年度报告：{path}"),
    "msg.restore_none": ("There are no backups of this report yet.", "此报告尚无备份。"),
    "msg.restore_pick": ("Choose the backup to restore; it is copied to a new file.",
                         "选择要恢复的备份；备份将复制为一个新文件。"),
    "msg.restore_exists": ("{path} exists already; choose a new name: a restore never replaces a file.",
                           "{path} 已存在；请选择新文件名：恢复操作不会覆盖已有文件。"),
    "msg.cancelled": ("Cancelled; nothing was changed.", "已取消，未做任何修改。"),
    "msg.explain_prompt": ("Why did {label} change? This explanation is published with the figure.",
                           "{label} 为何变化？此说明将与数据一同发布。"),
    "msg.ack_prompt": ("Acknowledge this finding for {label}: note (optional)",
                       "确认 {label} 的此项问题：备注（可选）"),
    "msg.new_company": ("Company name", "公司名称"),
    "msg.new_year": ("Reporting year", "报告年度"),
    "msg.about": ("esgdesk {version}\nCollect, check and publish a company's ESG figures.",
                  "esgdesk {version}\n收集、校验并发布公司的 ESG 数据。"),
    "msg.state_refused": ("The section state could not be changed: {reason}", "无法更改章节状态：{reason}"),
    "title.open": ("Open Report", "打开报告"),
    "title.save_report": ("New Report File", "新报告文件"),
    "title.export_xlsx": ("Export Workbook", "导出工作簿"),
    "title.export_xbrl": ("Export XBRL into Folder", "导出 XBRL 到文件夹"),
    "title.import": ("Import Workbook", "导入工作簿"),
    "title.restore": ("Restore Backup", "恢复备份"),
    "title.error": ("esgdesk", "esgdesk"),
    "title.progress": ("Working…", "处理中…"),
    "title.explain": ("Explain", "说明"),
    "title.ack": ("Acknowledge", "确认"),
    "title.settings": ("Settings", "设置"),
    "settings.user": ("Your name (shown in the audit log)", "您的姓名（记录在审计日志中）"),
    "settings.department": ("Your department", "您的部门"),
    "filter.report": ("esgdesk reports (*.esg)", "esgdesk 报告 (*.esg)"),
    "filter.xlsx": ("Excel workbooks (*.xlsx)", "Excel 工作簿 (*.xlsx)"),
    "job.export_xlsx": ("Writing the workbook…", "正在写入工作簿…"),
    "job.export_xbrl": ("Writing the XBRL report…", "正在写入 XBRL 报告…"),
    "job.rollforward": ("Creating next year's report…", "正在创建下一年度报告…"),
    "job.import": ("Reading the workbook…", "正在读取工作簿…"),
    "job.cancel": ("Cancel", "取消"),
    "welcome": ("Open a report or create a new one from the File menu.", "请从“文件”菜单打开或新建报告。"),
    "computed.tag": ("computed", "计算值"),
    "change.pp": ("{sign}{value} pp", "{sign}{value} 个百分点"),
    "change.new": ("new", "新增"),
    "tip.gri": ("GRI {codes}", "GRI {codes}"),
    "tip.entered": ("Entered as: {entered}", "输入为：{entered}"),
    "tip.stored": ("Value in the file: {value}", "文件中的数值：{value}"),
    "tip.ok": ("No findings", "无问题"),
    "tip.required": ("required", "必填"),
    "acc.tree": ("Sections of the report", "报告章节"),
    "acc.form": ("Figures of the selected section", "所选章节的数据"),
    "acc.findings": ("Findings list", "问题列表"),
    "acc.history": ("History of the selected indicator", "所选指标的修改记录"),
    "acc.chart": ("Chart of the selected indicator over the years", "所选指标的历年图表"),
    "acc.scope": ("Which findings to show", "显示哪些问题"),
    "acc.explanation": ("Explanation of the selected figure", "所选数据的说明"),
    "acc.dashboard": ("Completion and findings overview", "完成度与问题总览"),
}

_lang = "en"


def set_language(lang: str) -> str:
    """Switch the interface language; unknown codes fall back to English. Returns the code in use."""
    global _lang
    _lang = "zh" if lang.startswith("zh") else "en"
    return _lang


def language() -> str:
    return _lang


def tr(key: str, **values: object) -> str:
    en, zh = _STRINGS[key]
    text = zh if _lang == "zh" else en
    return text.format(**values) if values else text


def keys() -> list[str]:
    return list(_STRINGS)


def both(key: str) -> tuple[str, str]:
    return _STRINGS[key]
