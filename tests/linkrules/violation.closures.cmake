# A deliberately broken closure set: check_link_rules.cmake must reject it (ctest link_rules_selftest).
set(CLOSURE_cutpilot_core "Qt6::Core;Qt6::Widgets")
set(CLOSURE_cutpilot_automation "cutpilot_core")
set(CLOSURE_cutpilot_api "cutpilot_core;cutpilot_ui")
set(CLOSURE_cutpilot_ui "cutpilot_core")
