; Inno Setup script for the Windows installer of esgdesk (Inno Setup 6).
; Build the bundle first (packaging\windows\build.ps1 does both steps), then:
;     iscc /DAppVersion=0.1.0 packaging\windows\esgdesk.iss
; Output: dist\esgdesk-<version>-windows-x64-setup.exe
; Installs per user without administrator rights, or for all users when run as administrator.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (build.ps1 reads it from esgdesk\__init__.py)
#endif

#define AppName "esgdesk"
#define SourceDir "..\..\dist\esgdesk"

[Setup]
AppId={{7C0E3A52-6B1F-4C55-9B7E-3E5D2A9C41E8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=esgdesk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=esgdesk-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\esgdesk.ico
UninstallDisplayIcon={app}\esgdesk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
; No network access is needed or attempted: everything is in the installer.

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships no Simplified Chinese translation by default; add ChineseSimplified.isl from
; https://jrsoftware.org/files/istrans/ to the compiler's Languages folder to offer it.
#ifexist "compiler:Languages\ChineseSimplified.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\esgdesk.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\esgdesk.exe"; Tasks: desktopicon

[Registry]
; Report files (*.esg) open in esgdesk. HKA is HKCU for a per-user install, HKLM for all users.
Root: HKA; Subkey: "Software\Classes\.esg"; ValueType: string; ValueName: ""; ValueData: "esgdesk.report"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.esg\OpenWithProgids"; ValueType: string; ValueName: "esgdesk.report"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\esgdesk.report"; ValueType: string; ValueName: ""; ValueData: "esgdesk report"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\esgdesk.report\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\esgdesk.exe,0"
Root: HKA; Subkey: "Software\Classes\esgdesk.report\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\esgdesk.exe"" open ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\esgdesk.exe\SupportedTypes"; ValueType: string; ValueName: ".esg"; ValueData: ""

[Run]
Filename: "{app}\esgdesk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
