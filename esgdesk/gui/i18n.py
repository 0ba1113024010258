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
    "act.open_server": ("Open &Server Report…", "打开服务器上的报告(&S)…"),
    "title.open_server": ("Open Server Report", "打开服务器上的报告"),
    "msg.server_url": (
        "The report's URL, as esgdesk publish printed it (postgresql://…?report=…). The password "
        "comes from your PostgreSQL password file or service file, not from here.",
        "报告的 URL，即 esgdesk publish 输出的地址（postgresql://…?report=…）。密码取自 PostgreSQL "
        "的密码文件或服务文件，无需在此填写。",
    ),
    "title.conflict": ("Changed by Someone Else", "已被他人修改"),
    "msg.conflict": (
        "Someone else changed {indicator} ({year}) to {theirs} after you read it. Your edit ({mine}) "
        "was not saved.\n\nKeep your figure ({mine})? Choose No to keep theirs.",
        "您读取后，他人已将 {indicator}（{year}）改为 {theirs}。您的修改（{mine}）未保存。\n\n"
        "是否保留您的数值（{mine}）？选择“否”则保留对方的数值。",
    ),
    "act.rollforward": ("Roll &Forward to Next Year…", "结转至下一年度(&F)…"),
    "act.export_xlsx": ("&Workbook (.xlsx)…", "工作簿 (.xlsx)(&W)…"),
    "act.export_xbrl": ("&XBRL…", "&XBRL…"),
    "act.earlier_years": ("&Earlier Years in the Form…", "表单中的往年数据(&E)…"),
    "msg.earlier_years": (
        "How many years before the prior year should the form show? (the report holds years from {first})",
        "表单应显示上年度之前的几个年度？（报告中最早的年度为 {first}）",
    ),
    "msg.no_earlier_years": (
        "The report holds no years before the prior year. Roll-forward keeps them, and "
        "esgdesk history import brings them in from earlier reports.",
        "报告中没有上年度之前的数据。结转会保留往年数据，esgdesk history import 可从往年报告导入。",
    ),
    "msg.workbook_years": ("How many years should the workbook print side by side?", "工作簿应并列显示几个年度？"),
    "opt.workbook_years": ("{n} years ({first}–{last})", "{n} 个年度（{first}–{last}）"),
    "act.attach_section": ("Attach &Evidence to the Section…", "为本节添加证明文件(&E)…"),
    "title.attach_section": ("Attach Evidence to {section}", "为“{section}”添加证明文件"),
    "evidence.section": ("for the section", "本节"),
    "act.export_evidence": ("&Evidence Pack (.zip)…", "鉴证资料包 (.zip)(&E)…"),
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
    "msg.restate_empty": (
        'a published figure is restated with a value; to withdraw it, type "not reported" and why',
        "已发布的数据需以数值重述；如要撤回，请输入“未报告”及原因",
    ),
    "hist.restatement": ("restated {year}", "重述 {year}"),
    "hist.attachment": ("evidence {year}", "证明文件 {year}"),
    "cmd.restate": ("restate {label} {year}", "重述 {label} {year}"),
    "restate.title": ("Restate a figure of {year} (published)", "重述 {year} 年（已发布）的数据"),
    "restate.prompt": (
        "{label} {year} was published as {old}. It will be restated as {new} ({unit}); "
        "the published value and your reason are kept and disclosed.\n\nReason for the restatement:",
        "{label} {year} 年已发布为 {old}，将重述为 {new}（{unit}）；原发布值与原因将被保留并披露。\n\n重述原因：",
    ),
    "tip.restated": (
        "Restated: published as {old}; reason: {reason} ({by}, {at})",
        "已重述：原发布值 {old}；原因：{reason}（{by}，{at}）",
    ),
    "msg.refused": ("{label}: {reason}", "{label}：{reason}"),
    "msg.computed": (
        "{label} is computed from other figures and cannot be typed",
        "{label} 由其他数据计算得出，不能直接填写",
    ),
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
    "msg.xbrl_viewer_ask": (
        "Also write an interactive viewer page (facts, search, calculations, change from the "
        "prior year) and open it in your browser? It opens from disk and needs no network.",
        "同时生成交互式查看器页面（事实、搜索、计算关系、与上年比较）并在浏览器中打开？该页面从本地打开，无需联网。",
    ),
    "msg.import_preview": (
        "{changes} figures would change; {refused} cells cannot be used:\n{details}\n\n"
        "Import the {changes} figures? A backup of the report is taken first.",
        "将更改 {changes} 项数据；{refused} 个单元格无法使用：\n{details}\n\n是否导入这 {changes} 项数据？导入前会先备份报告。",
    ),
    "msg.import_nothing": (
        "Nothing to import; {refused} cells cannot be used:\n{details}",
        "没有可导入的数据；{refused} 个单元格无法使用：\n{details}",
    ),
    "msg.imported": ("Imported {n} figures from {file}", "已从 {file} 导入 {n} 项数据"),
    "msg.rolled": ("Created the {year} report: {path}", "已创建 {year} 年度报告：{path}"),
    "msg.restore_none": ("There are no backups of this report yet.", "此报告尚无备份。"),
    "msg.restore_pick": (
        "Choose the backup to restore; it is copied to a new file.",
        "选择要恢复的备份；备份将复制为一个新文件。",
    ),
    "msg.restore_exists": (
        "{path} exists already; choose a new name: a restore never replaces a file.",
        "{path} 已存在；请选择新文件名：恢复操作不会覆盖已有文件。",
    ),
    "msg.cancelled": ("Cancelled; nothing was changed.", "已取消，未做任何修改。"),
    "msg.explain_prompt": (
        "Why did {label} change? This explanation is published with the figure.",
        "{label} 为何变化？此说明将与数据一同发布。",
    ),
    "msg.ack_prompt": (
        "Acknowledge this finding for {label}: note (optional)",
        "确认 {label} 的此项问题：备注（可选）",
    ),
    "msg.about": (
        "esgdesk {version}\nCollect, check and publish a company's ESG figures.",
        "esgdesk {version}\n收集、校验并发布公司的 ESG 数据。",
    ),
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
    "filter.zip": ("Zip archives (*.zip)", "Zip 压缩包 (*.zip)"),
    "filter.any": ("All files (*)", "所有文件 (*)"),
    "job.export_evidence": ("Writing the evidence pack…", "正在写入鉴证资料包…"),
    "title.export_evidence": ("Export Evidence Pack", "导出鉴证资料包"),
    "title.attach": ("Attach Evidence", "添加证明文件"),
    "title.save_evidence": ("Save Evidence As", "证明文件另存为"),
    "msg.attach_refused": ("Some files were not attached.", "部分文件未能添加。"),
    "cmd.attach": ("attach {name} to {target} {year}", "为 {target} {year} 添加 {name}"),
    "details.base_change": ("{year} against the base year {base}: {change}", "{year} 年相对基准年 {base}：{change}"),
    "details.evidence": ("Evidence", "证明文件"),
    "evidence.needed": ("This figure needs a source document.", "此数据需附原始凭证。"),
    "evidence.hint": (
        "Drop files here or use Attach; up to {limit} MB each.",
        "可将文件拖放到此处或点击“添加”；每个文件不超过 {limit} MB。",
    ),
    "evidence.attach": ("Attach…", "添加…"),
    "evidence.open": ("Open", "打开"),
    "evidence.save": ("Save As…", "另存为…"),
    "job.export_xlsx": ("Writing the workbook…", "正在写入工作簿…"),
    "job.export_xbrl": ("Writing the XBRL report…", "正在写入 XBRL 报告…"),
    "details.note": ("ⓘ {note}", "ⓘ {note}"),
    "act.properties": ("Report &Properties…", "报告属性(&P)…"),
    "act.framework_index": ("Framework &Index…", "框架索引(&I)…"),
    "index.title": ("Framework index", "框架索引"),
    "index.framework": ("Index:", "索引："),
    "index.col_reference": ("Reference", "条款/披露项"),
    "index.col_topic": ("Topic", "议题"),
    "index.col_level": ("Requirement", "披露要求"),
    "index.col_status": ("Status", "披露情况"),
    "index.col_where": ("Where disclosed", "披露位置"),
    "index.required": ("Required", "应当披露"),
    "index.encouraged": ("Encouraged", "鼓励披露"),
    "index.nothing": ("No figure or text discloses it yet.", "尚无数据或文字披露。"),
    "index.unconfirmed": (
        "* Article number not yet checked against the official text.",
        "* 条款号尚未与正式文本核对。",
    ),
    "index.summary": (
        "{year}: {disclosed} disclosed, {na} not applicable, {missing} not disclosed. Double-click a row to go to its figures.",
        "{year}年：已披露 {disclosed} 项，不适用 {na} 项，未披露 {missing} 项。双击一行可跳转到相应数据。",
    ),
    "props.title": ("Report Properties", "报告属性"),
    "props.company": ("Company name", "公司名称（英文）"),
    "props.company_zh": ("Company name in Chinese", "公司名称（中文）"),
    "props.identifier": ("Entity identifier", "主体标识符"),
    "props.currency": ("Currency", "币种"),
    "props.xbrl_prefix": ("XBRL prefix", "XBRL 前缀"),
    "props.xbrl_namespace": ("XBRL namespace", "XBRL 命名空间"),
    "props.year": ("Reporting year", "报告年度"),
    "props.undo_text": ("change the report's properties", "修改报告属性"),
    "wiz.title": ("New Report", "新建报告"),
    "wiz.template_title": ("Choose a template", "选择模板"),
    "wiz.template_sub": (
        "The template sets the report's sections and indicators; the ESG office can change them "
        "later (ESG Office → Catalogue).",
        "模板决定报告的章节和指标；ESG 办公室之后可修改（ESG 办公室 → 指标目录）。",
    ),
    "wiz.template_item": ("{title} ({count})", "{title}（{count}）"),
    "wiz.indicators": ("{n} indicators", "{n} 项指标"),
    "wiz.indicator": ("1 indicator", "1 项指标"),
    "wiz.company_title": ("The reporting company", "报告主体"),
    "wiz.company_sub": (
        "Its identifier is checked as you type and never made up; leave it empty if you do not "
        "have it yet (File → Report Properties sets it later).",
        "标识符在输入时即被校验，绝不编造；暂无可留空（之后在“文件 → 报告属性”中设置）。",
    ),
    "wiz.company": ("Company name", "公司名称（英文）"),
    "wiz.company_zh": ("Company name in Chinese", "公司名称（中文）"),
    "wiz.identifier": ("Entity identifier", "主体标识符"),
    "wiz.scheme": ("Identifier scheme", "标识符类型"),
    "wiz.scheme_guess": ("From its shape (LEI or credit code)", "按格式判断（LEI 或统一社会信用代码）"),
    "wiz.scheme_lei": ("LEI (ISO 17442)", "LEI（ISO 17442）"),
    "wiz.scheme_uscc": ("Unified Social Credit Code (GB 32100)", "统一社会信用代码（GB 32100）"),
    "wiz.scheme_sse": ("Shanghai Stock Exchange code", "上海证券交易所证券代码"),
    "wiz.scheme_szse": ("Shenzhen Stock Exchange code", "深圳证券交易所证券代码"),
    "wiz.scheme_bse": ("Beijing Stock Exchange code", "北京证券交易所证券代码"),
    "wiz.year": ("Reporting year", "报告年度"),
    "wiz.currency": ("Currency", "币种"),
    "job.xbrl_viewer": ("Writing the interactive viewer…", "正在生成交互式查看器…"),
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
    "msg.send_back_prompt": (
        "What should the department change in “{section}”? The comment travels with the next collection file.",
        "部门需要在“{section}”中修改什么？此意见将随下一份填报文件下发。",
    ),
    "msg.unlock_prompt": (
        "Why must the approved section “{section}” change? The reason goes to the audit log.",
        "为何必须修改已批准的章节“{section}”？原因将记入审计日志。",
    ),
    "msg.section_state": ("{section} is now {state}", "{section} 现为{state}"),
    "msg.write_failed": ("The change was not saved: {reason}", "修改未保存：{reason}"),
    "msg.write_failed_hint": (
        "The file keeps its last good state. Save a copy elsewhere to keep working; the "
        "change is then made in the copy.",
        "文件保持最后一次正确保存的状态。可将副本保存到其他位置继续工作；该修改随后会写入副本。",
    ),
    "btn.save_copy": ("Save a Copy Elsewhere…", "另存副本到其他位置…"),
    "msg.copy_saved": (
        "Saved a copy as {path}; you are now working in the copy.",
        "已另存副本 {path}；现在编辑的是该副本。",
    ),
    "msg.copy_saved_again": (
        "Saved a copy as {path} and made the change there; you are now working in the copy.",
        "已另存副本 {path} 并在其中完成了该修改；现在编辑的是该副本。",
    ),
    "status.department": ("Collection file of {department}", "{department} 的填报文件"),
    # XBRL validation
    "title.arelle": ("XBRL Validation", "XBRL 校验"),
    "msg.arelle_summary": (
        "Arelle: {errors} errors, {inconsistencies} inconsistencies",
        "Arelle：{errors} 个错误，{inconsistencies} 处不一致",
    ),
    "msg.arelle_details": (
        "{facts} facts in {contexts} contexts, {warnings} warnings; checked offline in "
        "{seconds} s. The findings panel lists them under “XBRL validation”.",
        "共 {facts} 项事实、{contexts} 个上下文，{warnings} 个警告；离线校验用时 {seconds} 秒。"
        "问题面板的“XBRL 校验”中列出了这些问题。",
    ),
    "msg.arelle_missing": (
        "Arelle is not installed with this copy of esgdesk; XBRL cannot be validated here.",
        "此 esgdesk 未安装 Arelle，无法在此校验 XBRL。",
    ),
    "msg.arelle_failed": ("The XBRL validation did not complete.", "XBRL 校验未完成。"),
    "msg.xbrl_stale": (
        "Figures changed since the XBRL validation; validate again to update its findings.",
        "XBRL 校验之后数据已有改动；请重新校验以更新其问题。",
    ),
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
    "office.catalogue": ("&Catalogue…", "指标目录(&C)…"),
    "office.upgrade": ("Move to Another Catalogue…", "迁移到其他指标目录…"),
    "cat.title": ("Catalogue of this report", "本报告的指标目录"),
    "cat.version": ("Catalogue '{id}', version {version}", "指标目录“{id}”，版本 {version}"),
    "cat.col_item": ("Area / section / indicator", "领域／章节／指标"),
    "cat.col_id": ("Id", "编号"),
    "cat.col_unit": ("Unit", "单位"),
    "cat.retired": ("retired", "已停用"),
    "cat.required": ("Required", "必填"),
    "cat.id": ("Id", "编号"),
    "cat.label_en": ("Label (English)", "名称（英文）"),
    "cat.label_zh": ("Label (Chinese)", "名称（中文）"),
    "cat.def_en": ("Definition (English)", "定义（英文）"),
    "cat.def_zh": ("Definition (Chinese)", "定义（中文）"),
    "cat.unit": ("Unit", "单位"),
    "cat.type": ("Type", "类型"),
    "cat.decimals": ("Decimals", "小数位"),
    "cat.owner": ("Owner", "负责部门"),
    "cat.section_owner": ("(the section's owner)", "（章节负责部门）"),
    "cat.section": ("Section", "章节"),
    "cat.gri": ("GRI disclosures", "GRI 披露项"),
    "cat.min": ("Smallest plausible value", "合理下限"),
    "cat.max": ("Largest plausible value", "合理上限"),
    "cat.yoy": ("Year-over-year threshold", "同比变动阈值"),
    "cat.breakdown": ("Part of (total)", "所属合计指标"),
    "cat.breakdown_kind": ("How the parts relate to the total", "分项与合计的关系"),
    "cat.formula": ("Formula", "公式"),
    "cat.formula_ok": ("The formula reads correctly.", "公式正确。"),
    "cat.formula_bad": ("Formula: {problem}", "公式：{problem}"),
    "cat.new": ("New Indicator", "新建指标"),
    "cat.apply": ("Save Indicator", "保存指标"),
    "cat.retire": ("Retire…", "停用…"),
    "cat.retire_why": ("Why is '{id}' no longer collected?", "为何不再收集“{id}”？"),
    "cat.add_section": ("Add Section…", "新增章节…"),
    "cat.rename_section": ("Rename Section…", "重命名章节…"),
    "cat.move_up": ("Move Section Up", "章节上移"),
    "cat.move_down": ("Move Section Down", "章节下移"),
    "cat.add_department": ("Add Department…", "新增部门…"),
    "cat.section_id": ("Id of the new section (lower case, e.g. supply_chain)", "新章节编号（小写，如 supply_chain）"),
    "cat.section_label": ("Name of the section", "章节名称"),
    "cat.section_label_zh": ("Name of the section in Chinese (may be left empty)", "章节中文名称（可留空）"),
    "cat.department_name_zh": ("Name of the department in Chinese (may be left empty)", "部门中文名称（可留空）"),
    "cat.why": ("Why (for the audit log)", "修改原因（记入审计日志）"),
    "cat.why_hint": ("e.g. new GRI 305-3 disclosure asked for by the board", "例如：董事会要求新增 GRI 305-3 披露"),
    "cat.section_area": ("Area", "领域"),
    "cat.section_owner_q": ("Owner department", "负责部门"),
    "cat.department_id": (
        "Id of the new department (lower case, e.g. procurement)",
        "新部门编号（小写，如 procurement）",
    ),
    "cat.department_name": ("Name of the department", "部门名称"),
    "cat.export": ("Save as Forms Folder…", "另存为目录文件夹…"),
    "cat.load": ("Load Forms Folder…", "载入目录文件夹…"),
    "cat.refused": ("Catalogue change refused", "指标目录修改被拒绝"),
    "cat.cmd_add": ("add indicator {id}", "新增指标 {id}"),
    "cat.cmd_edit": ("edit indicator {id}", "修改指标 {id}"),
    "cat.cmd_retire": ("retire indicator {id}", "停用指标 {id}"),
    "cat.cmd_section": ("change section {id}", "修改章节 {id}"),
    "cat.cmd_department": ("add department {id}", "新增部门 {id}"),
    "cat.upgrade": ("Move to another catalogue", "迁移到其他指标目录"),
    "cat.upgrade_head": (
        "Version {old} → {new}: {summary}. A backup is made first; figures, explanations and the history are kept.",
        "版本 {old} → {new}：{summary}。将先做备份；数据、说明和历史记录均会保留。",
    ),
    "cat.upgrade_go": ("Move the Report", "迁移报告"),
    "cat.upgrade_nothing": ("The report already has this catalogue.", "本报告已使用此指标目录。"),
    "cat.upgrade_source": ("Forms folder of the new catalogue", "新指标目录的文件夹"),
    "cat.upgrade_from": ("Take the new catalogue from:", "新指标目录来自："),
    "cat.upgrade_template": ("Template: {title} ({count})", "模板：{title}（{count}）"),
    "cat.upgrade_folder": ("A forms folder…", "指标定义文件夹…"),
    "cat.upgrade_report": ("Another report file…", "另一份报告文件…"),
    "cat.upgraded": (
        "Moved to catalogue version {version}; the previous file is kept at {backup}",
        "已迁移到指标目录版本 {version}；原文件保存在 {backup}",
    ),
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
    "merge.attachments": ("{n} evidence file(s) to bring in: {names}", "将带入 {n} 个证明文件：{names}"),
    "merge.summary": (
        "{changes} change(s) from {files} file(s), {submissions} section submission(s)",
        "来自 {files} 个文件的 {changes} 项修改，{submissions} 个章节提交",
    ),
    "merge.conflicts": (
        "{n} conflict(s): the master changed since the file was issued",
        "{n} 处冲突：文件下发后主报告已被修改",
    ),
    "merge.refused": ("Refused", "已拒绝"),
    "merge.button": ("Merge", "合并"),
    "merge.refused_files": (
        "Some files are refused (see below): merge again without them.",
        "部分文件被拒绝（见下方）：请去掉这些文件后重新合并。",
    ),
    "merge.open": ("{n} conflict(s) still need a decision.", "还有 {n} 处冲突需要决定。"),
    "merge.ready": (
        "Nothing is written until you press Merge; a backup is taken first.",
        "按下“合并”之前不会写入任何内容；写入前会先备份报告。",
    ),
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
    "approach.operational_control": (
        "operational control: 100% of every entity the group operates",
        "运营控制法：集团运营的每个主体计 100%",
    ),
    "approach.financial_control": (
        "financial control: 100% of every entity the group controls financially",
        "财务控制法：集团财务控制的每个主体计 100%",
    ),
    "approach.equity_share": (
        "equity share: each entity in proportion to the group's ownership",
        "股权比例法：按集团持股比例计入各主体",
    ),
    "entities.entity": ("Entity", "主体"),
    "entities.name": ("Name", "名称"),
    "entities.in_scope": ("In Scope", "纳入范围"),
    "entities.ownership": ("Ownership", "持股比例"),
    "entities.group": ("{name} (group)", "{name}（集团）"),
    "entities.add": ("Add Entity…", "添加主体…"),
    "entities.add_id": ("Short id (letters, digits, _):", "简称（字母、数字、下划线）："),
    "entities.add_name": ("Name:", "名称："),
    "entities.consolidate": ("Consolidate", "合并计算"),
    "entities.result": (
        "{written} group figure(s) written from {entities} entities; {not_consolidable} "
        "indicator(s) cannot be consolidated and keep the group's own figure.",
        "已根据 {entities} 个主体写入 {written} 项集团数据；{not_consolidable} 项指标无法合并，保留集团自身数值。",
    ),
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
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        from PySide6.QtCore import QTranslator

        assert isinstance(_qt_translator, QTranslator)
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "zh":
        # Named only here: PySide6 builds a class, with its enums, when it is first named (English needs neither).
        from PySide6.QtCore import QLibraryInfo, QTranslator

        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _qt_translator = translator


def indicator_count(n: int) -> str:
    """ "1 indicator", "172 indicators" in the interface's language."""
    return tr("wiz.indicator") if n == 1 else tr("wiz.indicators", n=n)


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
