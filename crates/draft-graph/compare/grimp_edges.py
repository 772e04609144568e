"""Print the internal import edges grimp finds in a package, one `importer imported` pair a line.

Usage: python grimp_edges.py PACKAGE_NAME PARENT_DIR
"""

import sys

import grimp

name, parent = sys.argv[1], sys.argv[2]
sys.path.insert(0, parent)
graph = grimp.build_graph(name, cache_dir=None)
for module in sorted(graph.modules):
    for imported in sorted(graph.find_modules_directly_imported_by(module)):
        print(module, imported)
