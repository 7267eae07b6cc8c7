/* The .note.package ELF note (type 0xcafe1a7e, owner FDO) that distributions
 * add to their binaries; systemd-coredump prints it as module metadata. */
        .section .note.package,"a",@note
        .p2align 2
        .long 4
        .long 2f - 1f
        .long 0xcafe1a7e
        .asciz "FDO"
1:      .asciz "{\"type\":\"deb\",\"os\":\"debian\",\"osVersion\":\"12\",\"name\":\"libwaiter\",\"version\":\"1.0-1\",\"architecture\":\"amd64\"}"
2:      .p2align 2
        .section .note.GNU-stack,"",@progbits
