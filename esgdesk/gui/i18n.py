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
    "msg.restate_empty": ("a published figure is restated with a value; to withdraw it, type \"not reported\" and why",
                          "已发布的数据需以数值重述；如要撤回，请输入“未报告”及原因"),
    "cmd.restate": ("restate {label} {year}", "重述 {label} {year}"),
    "restate.title": ("Restate a figure of {year} (published)", "重述 {year} 年（已发布）的数据"),
    "restate.prompt": ("{label} {year} was published as {old}. It will be restated as {new} ({unit}); "
                       "the published value and your reason are kept and disclosed.\n\nReason for the restatement:",
                       "{label} {year} 年已发布为 {old}，将重述为 {new}（{unit}）；原发布值与原因将被保留并披露。\n\n重述原因："),
    "tip.restated": ("Restated: published as {old}; reason: {reason} ({by}, {at})",
                     "已重述：原发布值 {old}；原因：{reason}（{by}，{at}）"),
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
    # the file menu's additions, section review, failed writes
    "act.save_copy": ("Save a &Copy As…", "另存副本(&C)…"),
    "act.validate_xbrl": ("&Validate XBRL with Arelle…", "用 Arelle 校验 XBRL(&V)…"),
    "act.send_back": ("Send &Back to the Department…", "退回部门修改(&B)…"),
    "act.unlock": ("&Unlock Approved Section…", "解锁已批准章节(&U)…"),
    "cmd.ack": ("acknowledge {label} {year}", "确认 {label} {year}"),
    "title.save_copy": ("Save a Copy", "另存副本"),
    "title.send_back": ("Send Back", "退回修改"),
    "title.unlock": ("Unlock Section", "解锁章节"),
    "msg.send_back_prompt": ("What should the department change in “{section}”? The comment travels with the "
                             "next collection file.", "部门需要在“{section}”中修改什么？此意见将随下一份填报文件下发。"),
    "msg.unlock_prompt": ("Why must the approved section “{section}” change? The reason goes to the audit log.",
                          "为何必须修改已批准的章节“{section}”？原因将记入审计日志。"),
    "msg.section_state": ("{section} is now {state}", "{section} 现为{state}"),
    "msg.write_failed": ("The change was not saved: {reason}", "修改未保存：{reason}"),
    "msg.write_failed_hint": ("The file keeps its last good state. Save a copy elsewhere to keep working; the "
                              "change is then made in the copy.",
                              "文件保持最后一次正确保存的状态。可将副本保存到其他位置继续工作；该修改随后会写入副本。"),
    "btn.save_copy": ("Save a Copy Elsewhere…", "另存副本到其他位置…"),
    "msg.copy_saved": ("Saved a copy as {path}; you are now working in the copy.",
                       "已另存副本 {path}；现在编辑的是该副本。"),
    "msg.copy_saved_again": ("Saved a copy as {path} and made the change there; you are now working in the copy.",
                             "已另存副本 {path} 并在其中完成了该修改；现在编辑的是该副本。"),
    "status.department": ("Collection file of {department}", "{department} 的填报文件"),
    # XBRL validation
    "title.arelle": ("XBRL Validation", "XBRL 校验"),
    "msg.arelle_summary": ("Arelle: {errors} errors, {inconsistencies} inconsistencies",
                           "Arelle：{errors} 个错误，{inconsistencies} 处不一致"),
    "msg.arelle_details": ("{facts} facts in {contexts} contexts, {warnings} warnings; checked offline in "
                           "{seconds} s. The findings panel lists them under “XBRL validation”.",
                           "共 {facts} 项事实、{contexts} 个上下文，{warnings} 个警告；离线校验用时 {seconds} 秒。"
                           "问题面板的“XBRL 校验”中列出了这些问题。"),
    "msg.arelle_missing": ("Arelle is not installed with this copy of esgdesk; XBRL cannot be validated here.",
                           "此 esgdesk 未安装 Arelle，无法在此校验 XBRL。"),
    "msg.arelle_failed": ("The XBRL validation did not complete.", "XBRL 校验未完成。"),
    "msg.xbrl_stale": ("Figures changed since the XBRL validation; validate again to update its findings.",
                       "XBRL 校验之后数据已有改动；请重新校验以更新其问题。"),
    "job.arelle_export": ("Writing the XBRL report to a temporary folder…", "正在将 XBRL 报告写入临时文件夹…"),
    "job.arelle": ("Arelle is validating the XBRL report…", "Arelle 正在校验 XBRL 报告…"),
    "findings.scope_xbrl": ("XBRL validation (Arelle)", "XBRL 校验（Arelle）"),
    # the ESG office
    "menu.office": ("ESG &Office", "ESG 办公室(&O)"),
    "office.issue": ("&Issue Collection File…", "下发填报文件(&I)…"),
    "office.merge": ("&Merge Returned Files…", "合并回收文件(&M)…"),
    "office.review": ("&Review Sections…", "审核章节(&R)…"),
    "office.status": ("Department &Status…", "部门进度(&S)…"),
    "office.entities": ("&Entities and Consolidation…", "主体与合并(&E)…"),
    "office.returned": ("Returned File", "回收文件"),
    "office.returned_more": ("Returned File ({n} chosen; cancel when done)", "回收文件（已选 {n} 个；选完请点取消）"),
    "office.merge_failed": ("The returned files could not be checked.", "无法检查回收文件。"),
    "office.merged": ("Merged {n} change(s) into {file}", "已将 {n} 项修改合并到 {file}"),
    "job.merge_check": ("Checking the returned files…", "正在检查回收文件…"),
    "issue.title": ("Issue a Collection File", "下发填报文件"),
    "issue.department": ("Department", "部门"),
    "issue.department_item": ("{name} ({n} indicators)", "{name}（{n} 项指标）"),
    "issue.entity": ("Entity", "主体"),
    "issue.deadline": ("Deadline", "截止日期"),
    "issue.button": ("Issue…", "下发…"),
    "issue.file": ("Collection File", "填报文件"),
    "merge.title": ("Merge Returned Files", "合并回收文件"),
    "merge.now": ("Now", "当前"),
    "merge.from_file": ("From the File", "文件中"),
    "merge.file": ("File", "文件"),
    "merge.issued": ("When Issued", "下发时"),
    "merge.master_now": ("Master Now", "主报告当前"),
    "merge.decision": ("Decision", "决定"),
    "merge.decide": ("Decide…", "请选择…"),
    "merge.keep": ("Keep the master's figure", "保留主报告数值"),
    "merge.take": ("Take the file's figure", "采用文件数值"),
    "merge.summary": ("{changes} change(s) from {files} file(s), {submissions} section submission(s)",
                      "来自 {files} 个文件的 {changes} 项修改，{submissions} 个章节提交"),
    "merge.conflicts": ("{n} conflict(s): the master changed since the file was issued",
                        "{n} 处冲突：文件下发后主报告已被修改"),
    "merge.refused": ("Refused", "已拒绝"),
    "merge.button": ("Merge", "合并"),
    "merge.refused_files": ("Some files are refused (see below): merge again without them.",
                            "部分文件被拒绝（见下方）：请去掉这些文件后重新合并。"),
    "merge.open": ("{n} conflict(s) still need a decision.", "还有 {n} 处冲突需要决定。"),
    "merge.ready": ("Nothing is written until you press Merge; a backup is taken first.",
                    "按下“合并”之前不会写入任何内容；写入前会先备份报告。"),
    "review.title": ("Review Sections", "审核章节"),
    "review.departments": ("Departments", "部门"),
    "review.by": ("By / Comment", "处理人 / 意见"),
    "review.approve": ("Approve", "批准"),
    "review.send_back": ("Send Back…", "退回…"),
    "review.unlock": ("Unlock…", "解锁…"),
    "review.choose": ("Choose a section first.", "请先选择一个章节。"),
    "review.done": ("{section}: done", "{section}：已完成"),
    "dstatus.title": ("Department Status", "部门进度"),
    "dstatus.department": ("Department", "部门"),
    "dstatus.entity": ("Entity", "主体"),
    "dstatus.stage": ("Stage", "阶段"),
    "dstatus.completion": ("Completion", "完成度"),
    "dstatus.submitted": ("Submitted", "已提交"),
    "dstatus.approved": ("Approved", "已批准"),
    "dstatus.errors": ("Errors", "错误"),
    "dstatus.warnings": ("Open Warnings", "待处理警告"),
    "dstatus.deadline": ("Deadline", "截止日期"),
    "dstatus.sent_back": ("Sent Back", "已退回"),
    "dstatus.overdue": ("{stage} (overdue)", "{stage}（已逾期）"),
    "stage.not issued": ("not issued", "未下发"),
    "stage.issued": ("issued", "已下发"),
    "stage.returned": ("returned", "已回收"),
    "stage.submitted": ("submitted", "已提交"),
    "stage.approved": ("approved", "已批准"),
    "entities.title": ("Entities and Consolidation", "主体与合并"),
    "entities.approach": ("Approach", "合并方法"),
    "entities.not_stated": ("Not stated", "未说明"),
    "approach.operational_control": ("operational control: 100% of every entity the group operates",
                                     "运营控制法：集团运营的每个主体计 100%"),
    "approach.financial_control": ("financial control: 100% of every entity the group controls financially",
                                   "财务控制法：集团财务控制的每个主体计 100%"),
    "approach.equity_share": ("equity share: each entity in proportion to the group's ownership",
                              "股权比例法：按集团持股比例计入各主体"),
    "entities.entity": ("Entity", "主体"),
    "entities.name": ("Name", "名称"),
    "entities.in_scope": ("In Scope", "纳入范围"),
    "entities.ownership": ("Ownership", "持股比例"),
    "entities.group": ("{name} (group)", "{name}（集团）"),
    "entities.add": ("Add Entity…", "添加主体…"),
    "entities.add_id": ("Short id (letters, digits, _):", "简称（字母、数字、下划线）："),
    "entities.add_name": ("Name:", "名称："),
    "entities.consolidate": ("Consolidate", "合并计算"),
    "entities.result": ("{written} group figure(s) written from {entities} entities; {not_consolidable} "
                        "indicator(s) cannot be consolidated and keep the group's own figure.",
                        "已根据 {entities} 个主体写入 {written} 项集团数据；{not_consolidable} 项指标无法合并，"
                        "保留集团自身数值。"),
    "collection.heading": ("{department} — {company}, {year}", "{department} — {company}，{year} 年"),
    "collection.due": (" — due {deadline}", "，截止 {deadline}"),
    "collection.submit": ("Submit Section", "提交章节"),
    "collection.saved": ("{label} saved", "已保存 {label}"),
    "collection.cleared": ("{label} cleared", "已清除 {label}"),
    "collection.explained": ("Explanation of {label} saved", "已保存 {label} 的说明"),
    "collection.submitted": ("{section} submitted", "已提交 {section}"),
    "acc.collection": ("Collection form", "填报表"),
    "acc.decision": ("Decision for {indicator}", "{indicator} 的决定"),
}

_lang = "en"


def set_language(lang: str) -> str:
    """Switch the interface language; unknown codes fall back to English. Returns the code in use."""
    global _lang
    _lang = "zh" if lang.startswith("zh") else "en"
    return _lang


_qt_translator: object | None = None


def translate_qt_dialogs(lang: str) -> None:
    """Qt's own words (OK, Cancel, Yes, No in standard dialogs) in the same language as ours."""
    global _qt_translator
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return
    if isinstance(_qt_translator, QTranslator):
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "zh":
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _qt_translator = translator


def language() -> str:
    return _lang


def tr(key: str, **values: object) -> str:
    en, zh = _STRINGS[key]
    text = zh if _lang == "zh" else en
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in _STRINGS


def keys() -> list[str]:
    return list(_STRINGS)


def both(key: str) -> tuple[str, str]:
    return _STRINGS[key]
