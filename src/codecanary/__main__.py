from codecanary.cli import main

main()
