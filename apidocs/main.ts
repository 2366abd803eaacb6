import { h, render } from 'preact';
import './styles.css';
import { App } from './src/app';
import { loadDocument } from './src/model';

const root = document.getElementById('app');
if (root) render(h(App, null), root);
void loadDocument('/v1/openapi.json');
