# Builds the Windows installer: dist\esgdesk\ (PyInstaller one folder) and
# dist\esgdesk-<version>-windows-x64-setup.exe (Inno Setup). Run from the repository root in PowerShell:
#     powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs Python 3.11+ (python.org, 64-bit) and Inno Setup 6 (iscc.exe on PATH or in its default folder).
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root

if (-not (Test-Path ".venv\Scripts\python.exe")) { py -3.11 -m venv .venv }
$Py = ".venv\Scripts\python.exe"
& $Py -m pip install -q --upgrade pip
& $Py -m pip install -q -c packaging\constraints.txt -e ".[packaging]"  # the pinned versions

$Version = (& $Py -c "import esgdesk; print(esgdesk.__version__)").Trim()
& $Py -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\esgdesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$Got = (& dist\esgdesk\esgdesk-cli.exe --version).Trim()
if ($Got -ne "esgdesk $Version") { throw "the bundle says '$Got', expected 'esgdesk $Version'" }

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" packaging\windows\esgdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "built dist\esgdesk-$Version-windows-x64-setup.exe"
