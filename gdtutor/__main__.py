from gdtutor.cli import main

raise SystemExit(main())
