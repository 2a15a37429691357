; ReturnDesk - Windows installer (Inno Setup 6.3 or newer).
;
; NOT BUILT OR RUN ON THE LINUX BUILD MACHINE: written carefully, to be compiled on
; Windows after the bundle was built there (PyInstaller does not cross-compile):
;
;   powershell> .venv\Scripts\python -m pip install "pyinstaller>=6" tzdata
;   powershell> .venv\Scripts\python scripts\build_translations.py
;   powershell> $env:PYINSTALLER_CONFIG_DIR = "$PWD\build\pyinstaller-config"
;   powershell> .venv\Scripts\python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller build.spec
;   powershell> & "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\returndesk.iss
;   -> dist\ReturnDesk-Setup-<version>.exe
;
; The version comes from ReturnDesk.exe's version resource (build.spec writes it from
; pyproject.toml); override with ISCC /DAppVersion=1.2.3.
;
; Silent fleet install (see docs/packaging.md):
;   ReturnDesk-Setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART ^
;       /STORE=SH01 /SERVER=https://returns.example.com /LOG="C:\Windows\Temp\returndesk-setup.log"
; /STORE= and /SERVER= go to the machine-wide file
;   %ProgramData%\ReturnDesk\returndesk.ini      ([counter] store = ..., server = ...)
; A value that is not given keeps what the file already holds (upgrades keep the
; counter's store). An invalid /SERVER= (not http:// or https://) stops Setup with
; exit code 1 before anything is installed.
; Silent uninstall: "C:\Program Files\ReturnDesk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
; (the machine config and the staff's data folders stay).

#define AppName "ReturnDesk"
#define GuiExe "ReturnDesk.exe"
#define CliExe "returndesk-cli.exe"
#define BundleDir "..\..\dist\ReturnDesk"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + BundleDir + "\" + GuiExe)
#endif
#if AppVersion == ""
  #error ReturnDesk.exe has no version resource: build the bundle with build.spec first
#endif

[Setup]
; Never change AppId: it ties upgrades and the uninstaller to earlier installs.
AppId={{6F1C2B7E-3D4A-4E8B-9A51-0C2D7E6B5A31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ReturnDesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Program Files and %ProgramData% are machine-wide: an administrator installs.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or newer.
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=ReturnDesk-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
; A running ReturnDesk is asked to close (it saves the open draft on close) and
; restarted after an interactive upgrade; silent installs close it without asking.
CloseApplications=yes
RestartApplications=yes
SetupLogging=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundle: no stale Qt plugin or module from an older version.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\{#GuiExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\{#CliExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{commonappdata}\{#AppName}"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python never writes bytecode into {app} (runtime hook), but older builds might have.
Type: filesandordirs; Name: "{app}\_internal\db\migrations\__pycache__"
Type: filesandordirs; Name: "{app}\_internal\db\migrations\versions\__pycache__"

[Code]
var
  CounterPage: TInputQueryWizardPage;

function ConfigFile: String;
begin
  Result := ExpandConstant('{commonappdata}\{#AppName}\returndesk.ini');
end;

{ /NAME=value from the command line, else what the machine config already holds. }
function ParamOrConfig(const Name, Key: String): String;
begin
  Result := Trim(ExpandConstant('{param:' + Name + '|}'));
  if Result = '' then
    Result := Trim(GetIniString('counter', Key, '', ConfigFile));
end;

function IsValidServer(const Server: String): Boolean;
var
  S: String;
begin
  S := Lowercase(Trim(Server));
  Result := (S = '') or (Pos('https://', S) = 1) or (Pos('http://', S) = 1);
end;

function IsValidStore(const Store: String): Boolean;
var
  I: Integer;
  C: Char;
begin
  { Store codes are letters and digits (SH01); an empty value keeps the app's default. }
  Result := True;
  for I := 1 to Length(Store) do
  begin
    C := Store[I];
    if not (((C >= 'A') and (C <= 'Z')) or ((C >= 'a') and (C <= 'z')) or
            ((C >= '0') and (C <= '9')) or (C = '-') or (C = '_')) then
    begin
      Result := False;
      Exit;
    end;
  end;
end;

function InitializeSetup: Boolean;
var
  Store, Server: String;
begin
  Result := True;
  Store := Trim(ExpandConstant('{param:STORE|}'));
  Server := Trim(ExpandConstant('{param:SERVER|}'));
  if not IsValidStore(Store) then
  begin
    Log('Invalid /STORE=' + Store);
    SuppressibleMsgBox('/STORE=' + Store + ' is not a store code (letters and digits, e.g. SH01).',
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end
  else if not IsValidServer(Server) then
  begin
    Log('Invalid /SERVER=' + Server);
    SuppressibleMsgBox('/SERVER=' + Server + ' must start with https:// (or http://).',
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure InitializeWizard;
begin
  { Created in silent mode too (never shown): its values are what gets written. }
  CounterPage := CreateInputQueryPage(wpSelectDir,
    'Counter settings', 'Which store is this counter in, and where is the ReturnDesk server?',
    'These go to ' + ConfigFile + ' for every user of this computer. ' +
    'Leave the server empty to work offline until IT enrols the counter.');
  CounterPage.Add('Store code (for example SH01):', False);
  CounterPage.Add('Server address (https://...):', False);
  CounterPage.Values[0] := Uppercase(ParamOrConfig('STORE', 'store'));
  CounterPage.Values[1] := ParamOrConfig('SERVER', 'server');
end;

function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  if CurPageID = CounterPage.ID then
  begin
    if not IsValidStore(Trim(CounterPage.Values[0])) then
    begin
      MsgBox('The store code may hold letters and digits only (for example SH01).', mbError, MB_OK);
      Result := False;
    end
    else if not IsValidServer(CounterPage.Values[1]) then
    begin
      MsgBox('The server address must start with https:// (or http://).', mbError, MB_OK);
      Result := False;
    end;
  end;
end;

procedure WriteMachineConfig;
var
  Store, Server: String;
begin
  Store := Uppercase(Trim(CounterPage.Values[0]));
  Server := Trim(CounterPage.Values[1]);
  if (Store = '') and (Server = '') then
  begin
    Log('No store or server given: machine config left as it is');
    Exit;
  end;
  ForceDirectories(ExtractFileDir(ConfigFile));
  if Store <> '' then
    if not SetIniString('counter', 'store', Store, ConfigFile) then
      RaiseException('Could not write ' + ConfigFile);
  if Server <> '' then
    if not SetIniString('counter', 'server', Server, ConfigFile) then
      RaiseException('Could not write ' + ConfigFile);
  Log('Machine config ' + ConfigFile + ': store=' + Store + ' server=' + Server);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteMachineConfig;
end;
