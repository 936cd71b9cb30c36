import * as React from 'react';
import { MessageBar, MessageBarType, Stack, Text, TextField, Toggle } from '@fluentui/react';
import { INTITULE_MAX, verifierIdentite } from '../core/modele/identite';
import { Pilote } from './etat';

/** L'identité de l'établissement : ce que le classeur contient, modifiable ; erreurs dites sous le champ. */
export function FormulaireIdentite({ pilote }: { pilote: Pilote }): JSX.Element {
  const { identite, maj } = pilote;
  const problemes = verifierIdentite(identite);
  const probleme = (champ: string) => problemes.find((p) => p.champ === champ && p.gravite === 'erreur')?.message;
  return (
    <Stack tokens={{ childrenGap: 8 }}>
      <TextField label="Établissement" value={identite.etablissement} onChange={(_, v) => maj('etablissement', v ?? '')} />
      <TextField label="N° RNE" value={identite.rne} onChange={(_, v) => maj('rne', v ?? '')} errorMessage={probleme('rne')} placeholder="0450051L" />
      <TextField
        label="Intitulé du label"
        value={identite.intituleLabel}
        onChange={(_, v) => maj('intituleLabel', v ?? '')}
        errorMessage={probleme('intituleLabel')}
        placeholder="Lycée des métiers de …"
        description={`${identite.intituleLabel.trim().length}/${INTITULE_MAX} caractères, « Lycée des métiers » compris`}
      />
      <TextField label="Année scolaire" value={identite.anneeScolaire} onChange={(_, v) => maj('anneeScolaire', v ?? '')} errorMessage={probleme('anneeScolaire')} />
      <Toggle
        label="Candidature en réseau"
        checked={identite.candidatureEnReseau}
        onText="Oui"
        offText="Non (descripteurs 25, 31, 34, 45 sans objet)"
        onChange={(_, v) => maj('candidatureEnReseau', Boolean(v))}
      />
      {problemes
        .filter((p) => p.gravite === 'avertissement')
        .map((p) => (
          <MessageBar key={p.message} messageBarType={MessageBarType.warning}>
            {p.message}
          </MessageBar>
        ))}
    </Stack>
  );
}

/** L'identité bloque-t-elle la génération (RNE ou intitulé invalides) ? */
export function identiteBloquante(p: Pilote): boolean {
  return verifierIdentite(p.identite).some((x) => x.gravite === 'erreur');
}

/** Mode navigateur : le classeur de l'établissement sur lequel on travaille (partagé par Établissement et Audit). */
export function ChoixClasseur({ pilote }: { pilote: Pilote }): JSX.Element | null {
  if (pilote.service.mode !== 'navigateur') return null;
  return (
    <Stack tokens={{ childrenGap: 4 }}>
      <label htmlFor="classeur">
        <Text variant="mediumPlus">Classeur de l'établissement (facultatif)</Text>
      </label>
      <input id="classeur" data-testid="fichier" type="file" accept=".xlsx" onChange={(e) => void pilote.choisirFichier(e.target.files?.[0])} />
      <Text variant="small">{pilote.classeur ? `Classeur : ${pilote.classeur.nom}` : 'Aucun classeur : un nouveau sera créé.'}</Text>
    </Stack>
  );
}
