; Yeonsu installer (NSIS 3, Unicode): per-user, no administrator rights.
;   makensis -DVERSION=0.1.0 -DSOURCE=..\dist\yeonsu installers\yeonsu.nsi
; Installs the one-folder bundle into %LOCALAPPDATA%\Programs\Yeonsu, adds a Start-menu
; shortcut (and a desktop one if chosen) and an entry in "Apps & features".  Uninstalling removes
; the program only: the database, backups, settings and logs in %LOCALAPPDATA%\Yeonsu stay.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not set (makensis -DVERSION=x.y.z)"
!endif
!ifndef SOURCE
  !define SOURCE "..\dist\yeonsu"
!endif
!ifndef OUTDIR
  !define OUTDIR "..\dist"
!endif

!define APP "Yeonsu"
!define APP_KO "연수"
!define EXE "yeonsu.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

Name "${APP_KO} (${APP}) ${VERSION}"
OutFile "${OUTDIR}\Yeonsu-Setup-${VERSION}.exe"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
BrandingText "${APP_KO} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1042 "ProductName" "${APP_KO} (${APP})"
VIAddVersionKey /LANG=1042 "FileDescription" "${APP_KO} 설치 프로그램"
VIAddVersionKey /LANG=1042 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1042 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1042 "LegalCopyright" "Yeonsu"

!include "MUI2.nsh"
!define MUI_ICON "..\resources\icons\yeonsu.ico"
!define MUI_UNICON "..\resources\icons\yeonsu.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Korean"

Section "${APP_KO} 프로그램" SecProgram
  SectionIn RO
  SetShellVarContext current
  ; a previous version's files go first (the user's data is elsewhere and stays)
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${APP_KO}"
  CreateShortcut "$SMPROGRAMS\${APP_KO}\${APP_KO}.lnk" "$INSTDIR\${EXE}"
  CreateShortcut "$SMPROGRAMS\${APP_KO}\${APP_KO} 제거.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_KO} (${APP})"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Yeonsu"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "바탕 화면 바로 가기" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_KO}.lnk" "$INSTDIR\${EXE}"
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "프로그램과 시작 메뉴 바로 가기"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "바탕 화면에 바로 가기를 만듭니다"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  SetShellVarContext current
  ; only the program: the database, backups and logs in %LOCALAPPDATA%\Yeonsu are the user's
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$DESKTOP\${APP_KO}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_KO}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP}"
SectionEnd
