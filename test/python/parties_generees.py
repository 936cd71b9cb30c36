"""Les parties d'un classeur qui appartiennent aux feuilles générées par Pilote LDM (la feuille, ses relations, ses
tableaux), d'après le nom des feuilles : tout le reste est à l'établissement.

Usage : python3 parties_generees.py FICHIER.xlsx FEUILLE…   → JSON : liste des parties générées
"""
import json
import posixpath
import re
import sys
import zipfile


def relations(z, chemin):
    rels = posixpath.join(posixpath.dirname(chemin), '_rels', posixpath.basename(chemin) + '.rels')
    if rels not in z.namelist():
        return rels, {}
    xml = z.read(rels).decode('utf-8')
    cibles = {}
    for m in re.finditer(r'<Relationship\b([^>]*)/?>', xml):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if attrs.get('TargetMode') == 'External':
            continue
        cible = attrs['Target']
        # Une cible absolue part de la racine du paquet (« /xl/worksheets/sheet1.xml ») ; sinon, du dossier de la partie.
        cibles[attrs['Id']] = cible.lstrip('/') if cible.startswith('/') else posixpath.normpath(posixpath.join(posixpath.dirname(chemin), cible))
    return rels, cibles


def generees(fichier, feuilles):
    z = zipfile.ZipFile(fichier)
    wb = z.read('xl/workbook.xml').decode('utf-8')
    _, rels_wb = relations(z, 'xl/workbook.xml')
    parties = []
    for m in re.finditer(r'<sheet\b([^>]*)/>', wb):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
        nom = attrs['name'].replace('&apos;', "'").replace('&amp;', '&')
        if nom not in feuilles:
            continue
        chemin = rels_wb[attrs['r:id']]
        rels, cibles = relations(z, chemin)
        parties += [chemin, rels] + [c for c in cibles.values() if '/tables/' in c]
    return parties


if __name__ == '__main__':
    print(json.dumps(generees(sys.argv[1], set(sys.argv[2:]))))
